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

    // A staging or test deployment holds real numbers as production does: the simulator is Development's alone.
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task Serve_SimulatorOnOutsideDevelopment_RefusedWithOneLineNamingTheKey(string environment)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = environment;
            b.Configuration.AddInMemoryCollection(Settings("true"));
        });

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Broadcaster:Simulator", line);
        Assert.Contains("only in Development", line);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task Simulator_OutsideDevelopment_404AndNothingSimulated(string environment)
    {
        await using var app = await TestApp.StartAsync(_db, Settings(null), environment: environment);

        foreach (var path in new[] { "/console/simulator", "/console/simulator?number=%2B12135550101" })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Http.GetAsync(path)).StatusCode);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "+12135550101", ["body"] = "JOIN LA" });
        Assert.NotEqual(System.Net.HttpStatusCode.OK, (await app.Http.PostAsync("/console/simulator", form)).StatusCode);
        Assert.Null(app.Services.GetService<Broadcaster.Simulator.SimulatorThread>());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers"));
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "true", true)]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Testing", null, false)]
    [InlineData("Testing", "false", false)]
    [InlineData("Development", "false", false)]
    public async Task Simulator_Unset_OnInDevelopmentOnly(string environment, string? setting, bool on)
    {
        await using var app = AppHost.Build(["--environment", environment], b => b.Configuration.AddInMemoryCollection(Settings(setting)));

        Assert.Equal(on, app.Services.GetRequiredService<IOptions<BroadcasterOptions>>().Value.Simulator);
        Assert.Equal(on, app.Services.GetService<Broadcaster.Simulator.SimulatorThread>() is not null);
    }
}
