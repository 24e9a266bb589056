using Broadcaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Chaos;

/// <summary>
/// Every failure at once, for two minutes (issue 18; `./bench.sh --only=chaos` runs the same for ten): overlapping alerts
/// and retractions on three networks and Telegram, STOPs every 2 s, a provider failing 8 % of the time with one total
/// outage, and worker processes killed with SIGKILL. Asserts what people get, never how fast.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task TwoMinutesOfEverythingFailing_NobodyLostNobodyMessagedAfterStopEveryRetractionCovered()
    {
        var seed = new Seed(_db);
        var report = await ChaosRun.RunAsync(_db.ConnectionString, TestApp.EncryptionKey, Path.Combine(AppContext.BaseDirectory, "Broadcaster.dll"),
            "Testing", ChaosOptions.TwoMinutes, output.WriteLine, (s, county) => seed.SubscriberAsync(s.Channel, s.Address, "en", county));
        var all = string.Join('\n', report.Lines());
        output.WriteLine(all);

        // The run did what it says, or its zeros would mean nothing.
        Assert.True(report.Kills >= 2, all);
        Assert.True(report.Faults.GetValueOrDefault("outage") > 0 && report.Faults.GetValueOrDefault("RateLimited") > 0, all);
        Assert.True(report.Faults.Keys.Count(k => k is "HtmlGateway" or "EmptyUnavailable" or "JsonServerError" or "Reset") >= 2, all);
        Assert.True(report.Alerts >= 9 && report.Retractions >= 3 && report.Stops >= 40, all);
        Assert.True(report.RetractionEligible > 0, all);

        Assert.Equal(0, report.WorkersDiedByThemselves);
        Assert.Equal(0, report.Unfinished);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.SentAfterStop);
        Assert.Equal(1.0, report.RetractionCoverage);
        Assert.Equal(0, report.Service5xx);
        Assert.Equal(0, report.Refused);
        Assert.Equal(0, report.CountsWentBack);
        Assert.True(report.Duplicates <= report.Resent, $"{report.Duplicates} duplicates but only {report.Resent} rows taken over from killed workers\n{all}");
        Assert.True(report.MaxDuplicatesPerKill <= report.InFlightWindow, all);
    }
}
