using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>
/// The real service (AppHost, the production composition) on Kestrel at 127.0.0.1 with a random port,
/// pointed at a test database and whatever fake providers a test starts.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string EncryptionKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private readonly WebApplication _app;

    private TestApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == TestCertificate.Value.Thumbprint })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="overrides">Service registrations applied after the whole composition, so they win over the service's own.</param>
    /// <param name="https">Serve HTTPS with a self-signed certificate, as production does (Secure cookies need it).</param>
    /// <param name="environment">The host environment: "Testing" (neither Development nor Production); the simulator's tests run
    /// as "Development", the only environment that allows it.</param>
    public static async Task<TestApp> StartAsync(TestDatabase db, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null,
        bool https = false, string environment = "Testing")
    {
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["Privacy:EncryptionKey"] = EncryptionKey,
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests without Twilio credentials use the console outbox on purpose.
            ["Twilio:Outbox"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        var app = AppHost.Build(["--environment", environment], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            if (https)
                b.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.UseHttps(TestCertificate.Value)));
            else
                b.WebHost.UseUrls("http://127.0.0.1:0");
            if (overrides is not null)
                b.Host.UseServiceProviderFactory(new OverridingFactory(overrides));
        });
        await app.StartAsync();
        return new TestApp(app, new Uri(app.Urls.First()));
    }

    /// <summary>Sees the finished service collection (every AddXxx has run) and appends the test's registrations.</summary>
    private sealed class OverridingFactory(Action<IServiceCollection> overrides) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            overrides(services);
            return services;
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection services) => services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
