using Broadcaster.Tests.Chaos;

namespace Broadcaster.Bench;

/// <summary>The chaos run (README "Reliability"): the test suite's two-minute run at full length, 3-minute outage included.</summary>
public static class ChaosScenario
{
    public static async Task<ChaosReport> RunAsync(double minutes)
    {
        var duration = TimeSpan.FromMinutes(minutes);
        var options = new ChaosOptions
        {
            Duration = duration,
            OutageAt = duration * 0.3,
            OutageLength = minutes >= 10 ? TimeSpan.FromMinutes(3) : duration * 0.3,
        };
        var dll = Environment.GetEnvironmentVariable("BROADCASTER_DLL")
            ?? throw new InvalidOperationException("BROADCASTER_DLL is not set: run ./bench.sh");
        await using var db = await BenchDatabase.CreateAsync();
        return await ChaosRun.RunAsync(db.ConnectionString, BenchDatabase.EncryptionKey, dll, "Bench", options,
            line => Console.WriteLine($"chaos {DateTime.UtcNow:HH:mm:ss} {line}"));
    }
}
