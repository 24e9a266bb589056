using Broadcaster.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>The real CLI against a test database, as an operator runs it: its exit code and what it printed.</summary>
public static class CliRun
{
    public static Task<(int Code, string Out, string Err)> RunCliAsync(this TestDatabase db, params string[] args) =>
        db.RunCliAsync(new Dictionary<string, string?>(), args);

    /// <param name="settings">Configuration on top of the database, the test encryption key and the SMS outbox.</param>
    public static async Task<(int Code, string Out, string Err)> RunCliAsync(this TestDatabase db, IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
            ["Twilio:Outbox"] = "true",
        };
        foreach (var (key, value) in settings)
            config[key] = value;
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(args, stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = "Testing";
            b.Configuration.AddInMemoryCollection(config);
        });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
