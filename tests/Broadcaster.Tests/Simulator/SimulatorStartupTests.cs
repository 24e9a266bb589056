using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broadcaster.Tests.Simulator;

public sealed class SimulatorStartupTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Dictionary<string, string?> Settings(string? simulator) => new()
    {
        ["ConnectionStrings:Postgres"] = _db.ConnectionString,
        ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
        ["Twilio:Outbox"] = "true",
        ["Broadcaster:Simulator"] = simulator,
    };

    [Fact]
    public async Task Serve_SimulatorOnInProduction_RefusedWithOneLineNamingTheKey()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = "Production";
            b.Configuration.AddInMemoryCollection(Settings("true"));
        });

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Broadcaster:Simulator", line);
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Testing", null, false)]
    [InlineData("Testing", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task Simulator_Unset_OnInDevelopmentOnly(string environment, string? setting, bool on)
    {
        await using var app = AppHost.Build(["--environment", environment], b => b.Configuration.AddInMemoryCollection(Settings(setting)));

        Assert.Equal(on, app.Services.GetRequiredService<IOptions<BroadcasterOptions>>().Value.Simulator);
        Assert.Equal(on, app.Services.GetService<Broadcaster.Simulator.SimulatorThread>() is not null);
    }
}
