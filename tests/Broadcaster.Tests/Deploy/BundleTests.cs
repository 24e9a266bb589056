using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Deploy;

/// <summary>
/// The published bundle, run the way the image and the systemd unit run it: its own executable, Production,
/// configured only by deploy/.env.example's keys (filled in) and the Dockerfile's ENV, with no other variable.
/// </summary>
public sealed class BundleTests(ITestOutputHelper log)
{
    private static readonly string AuthToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    // The example's values that a person must replace, and what this test puts there.
    private static Dictionary<string, string> Filled(string connectionString) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["POSTGRES_PASSWORD"] = "not-used-outside-compose",
        ["Privacy__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Twilio__AccountSid"] = "AC" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
        ["Twilio__AuthToken"] = AuthToken,
        ["Telegram__BotToken"] = "123456789:" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        ["Telegram__WebhookSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
    };

    /// <summary>deploy/.env.example with its placeholders filled, plus the Dockerfile's ENV; nothing inherited.</summary>
    private static Dictionary<string, string> Environment(string connectionString, int port)
    {
        var fill = Filled(connectionString);
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" };
        foreach (var (key, value) in Dockerfile.Env(Path.Combine(Bundle.RepoRoot, "Dockerfile")))
            env[key] = value;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in EnvFile.Read(Path.Combine(Bundle.RepoRoot, "deploy", ".env.example")))
        {
            if (!fill.ContainsKey(key) && IsPlaceholder(value))
                throw new InvalidOperationException($"deploy/.env.example's {key} looks like a placeholder this test does not fill in: add it to Filled()");
            env[key] = fill.GetValueOrDefault(key, value);
        }
        return env;
    }

    private static bool IsPlaceholder(string value) =>
        value.Contains("change-me", StringComparison.Ordinal) || value.Contains("generate", StringComparison.Ordinal) || value.Contains("your-", StringComparison.Ordinal);

    [Fact]
    public async Task Bundle_WithTheExampleSettingsFilledIn_MigratesServesAndAnswersWebhooks()
    {
        var folder = await Bundle.FolderAsync();
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var port = FreePort();
        var env = Environment(db.ConnectionString, port);
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);

        var (code, output) = await Bundle.RunAsync(Path.Combine(folder, "Broadcaster"), ["migrate"], folder, env, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, output);
        Assert.Contains("Applied", output);
        Assert.True(await db.ScalarAsync<bool>("SELECT to_regclass('public.subscribers') IS NOT NULL"));

        using var service = StartServe(folder, env);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            await Eventually.HoldsAsync(async () => await Probe(http, service.Process), ok => ok, "the bundle answers /healthz", seconds: 120);
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));

            var signIn = await http.GetAsync("/console/sign-in");
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Contains("<form", await signIn.Content.ReadAsStringAsync());

            // Twilio signs over the public URL (the proxy's), not the address the process listens on.
            var form = new Dictionary<string, string>
            {
                ["From"] = "+12135550147", ["To"] = "+12135550100", ["Body"] = "STOP",
                ["MessageSid"] = "SM" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            };
            var signed = await http.SendAsync(TwilioSigner.SignedPost("/webhooks/twilio/sms", form, "https://alerts.example.org/webhooks/twilio/sms", AuthToken));
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
            Assert.Equal("text/xml", signed.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<Response", await signed.Content.ReadAsStringAsync());

            var forged = await http.SendAsync(TwilioSigner.SignedPost("/webhooks/twilio/sms", form, "https://alerts.example.org/webhooks/twilio/sms", "not-the-token"));
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.False(service.Process.HasExited, service.Output);
        }
        finally
        {
            await service.StopAsync();
            log.WriteLine(service.Output);
        }
        Assert.DoesNotContain("2135550147", service.Output);
    }

    public static TheoryData<string> RequiredKeys() => new()
    {
        "ConnectionStrings__Postgres", "Privacy__EncryptionKey", "Twilio__AccountSid", "Twilio__AuthToken",
        "Twilio__From", "Twilio__PublicUrl", "Telegram__WebhookSecret",
    };

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Bundle_WithoutOneRequiredKey_RefusesToStartNamingIt(string key)
    {
        var folder = await Bundle.FolderAsync();
        // A database that does not exist: had the settings been accepted, serve would stop there, not naming the key.
        var env = Environment(TestDatabase.AdminConnectionString.Replace("Database=postgres", "Database=bt_never_created"), FreePort());
        Assert.True(env.Remove(key), $"{key} is not in deploy/.env.example");

        var (code, output) = await Bundle.RunAsync(Path.Combine(folder, "Broadcaster"), ["serve"], folder, env, TimeSpan.FromMinutes(2));

        Assert.True(code == 2, $"exit {code}: {output}");
        var errors = output.Split('\n').Where(l => l.StartsWith("configuration error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains(key.Replace("__", ":"), errors[0]);
    }

    private static async Task<bool> Probe(HttpClient http, Process process)
    {
        if (process.HasExited)
            throw new Xunit.Sdk.XunitException($"the bundle's serve exited with {process.ExitCode}");
        try
        {
            return (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static RunningBundle StartServe(string folder, Dictionary<string, string> env) => new(folder, env);

    private sealed class RunningBundle : IDisposable
    {
        private readonly List<string> _lines = [];

        public RunningBundle(string folder, Dictionary<string, string> env)
        {
            var start = new ProcessStartInfo(Path.Combine(folder, "Broadcaster"), ["serve"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
            };
            start.Environment.Clear();
            foreach (var (key, value) in env)
                start.Environment[key] = value;
            Process = new Process { StartInfo = start };
            Process.OutputDataReceived += (_, e) => Add(e.Data);
            Process.ErrorDataReceived += (_, e) => Add(e.Data);
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get { lock (_lines) return string.Join('\n', _lines); }
        }

        private void Add(string? line)
        {
            if (line is not null)
                lock (_lines) _lines.Add(line);
        }

        /// <summary>SIGTERM, as systemd and docker stop it; killed if it has not stopped after 30 s.</summary>
        public async Task StopAsync()
        {
            if (Process.HasExited)
                return;
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString()]))
                await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await Process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Process.Kill(entireProcessTree: true); }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }
}
