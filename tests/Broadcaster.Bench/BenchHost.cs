using System.Diagnostics;
using System.Globalization;

namespace Broadcaster.Bench;

/// <summary>The real service, composed by AppHost: in this process, or as a separate `Broadcaster serve` process.</summary>
public static class BenchHost
{
    public static Dictionary<string, string?> Settings(BenchDatabase db, FakeProvider fake, string role, double rate,
        int broadcastWorkers = 8) => new()
    {
        ["ConnectionStrings:Postgres"] = db.ConnectionString,
        ["Privacy:EncryptionKey"] = BenchDatabase.EncryptionKey,
        ["Broadcaster:Role"] = role,
        ["Twilio:AccountSid"] = FakeProvider.AccountSid,
        ["Twilio:AuthToken"] = FakeProvider.AuthToken,
        ["Twilio:From"] = "+12135550100",
        ["Twilio:PublicUrl"] = "https://bench.invalid",
        ["Twilio:ApiBaseUrl"] = fake.BaseAddress.ToString().TrimEnd('/'),
        ["Twilio:MessagesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
        ["Delivery:BroadcastWorkers"] = broadcastWorkers.ToString(CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = AppHost.Build(["--environment", "Bench"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>`dotnet Broadcaster.dll serve` with these settings as environment variables; its output is collected.</summary>
    public static Process StartProcess(Dictionary<string, string?> settings, List<string> output)
    {
        var dll = Environment.GetEnvironmentVariable("BROADCASTER_DLL")
            ?? throw new InvalidOperationException("BROADCASTER_DLL is not set: run ./bench.sh");
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Bench";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
