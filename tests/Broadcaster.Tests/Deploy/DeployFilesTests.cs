using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Broadcaster.Tests.Deploy;

/// <summary>deploy/compose.yaml, the Dockerfile and deploy/broadcaster.service say what the operator guide promises.</summary>
public sealed partial class DeployFilesTests
{
    private static string PathOf(params string[] parts) => Path.Combine([Bundle.RepoRoot, .. parts]);

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(PathOf("deploy", "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlMappingNode Service(YamlMappingNode compose, string name) =>
        (YamlMappingNode)((YamlMappingNode)compose["services"])[name];

    private static IEnumerable<string> Strings(YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Children.Select(c => ((YamlScalarNode)c).Value!) : [((YamlScalarNode)node).Value!];

    [Fact]
    public void Compose_RunsPostgres17WithAVolume_BroadcasterMigratingFirst_AndOnlyCaddyPublic()
    {
        var compose = Compose();
        var postgres = Service(compose, "postgres");
        Assert.StartsWith("postgres:17", ((YamlScalarNode)postgres["image"]).Value);
        var volume = Strings(postgres["volumes"]).Single();
        Assert.EndsWith(":/var/lib/postgresql/data", volume);
        Assert.True(((YamlMappingNode)compose["volumes"]).Children.ContainsKey(volume.Split(':')[0]), "the data volume is a named volume");

        var app = Service(compose, "broadcaster");
        Assert.Equal(".env", ((YamlScalarNode)app["env_file"]).Value);
        var command = string.Join(' ', Strings(app["command"]));
        Assert.Matches(@"Broadcaster migrate && exec /app/Broadcaster serve", command);
        Assert.Equal("service_healthy", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)app["depends_on"])["postgres"])["condition"]).Value);
        Assert.False(app.Children.ContainsKey("ports"), "Broadcaster must be reachable only through Caddy");
        Assert.False(postgres.Children.ContainsKey("ports"), "PostgreSQL must not be published");

        var caddy = Service(compose, "caddy");
        Assert.Contains("443:443", Strings(caddy["ports"]));
        Assert.Contains("80:80", Strings(caddy["ports"]));
        var caddyfile = File.ReadAllText(PathOf("deploy", "Caddyfile"));
        Assert.Contains("reverse_proxy broadcaster:8080", caddyfile);
        Assert.Contains(Strings(caddy["volumes"]), v => v.StartsWith("./Caddyfile:/etc/caddy/Caddyfile", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_EveryVariableItUses_IsInTheExampleEnvironment()
    {
        var keys = EnvFile.Read(PathOf("deploy", ".env.example")).Select(p => p.Key).ToHashSet();
        var used = ComposeVariable().Matches(File.ReadAllText(PathOf("deploy", "compose.yaml"))).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, v => Assert.Contains(v, keys));
        foreach (var caddyVar in CaddyVariable().Matches(File.ReadAllText(PathOf("deploy", "Caddyfile"))).Select(m => m.Groups[1].Value))
            Assert.Contains(caddyVar, keys);
    }

    [Fact]
    public void ExampleEnvironment_GivesEveryGeneratedSecretItsCommand()
    {
        var lines = File.ReadAllLines(PathOf("deploy", ".env.example"));
        foreach (var key in new[] { "Privacy__EncryptionKey", "Telegram__WebhookSecret", "POSTGRES_PASSWORD" })
        {
            var at = Array.FindIndex(lines, l => l.StartsWith(key + "=", StringComparison.Ordinal));
            Assert.True(at > 0, $"{key} is missing");
            Assert.Contains("openssl rand", lines[at - 1]);
        }
    }

    [Fact]
    public void Dockerfile_IsDebianSlim_NonRoot_WithAHealthCheckOnHealthz()
    {
        var steps = Dockerfile.Instructions(PathOf("Dockerfile"));
        Assert.Equal("debian:bookworm-slim", steps.First(s => s.Name == "FROM").Arguments);
        var user = steps.Last(s => s.Name == "USER").Arguments;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains("/healthz", steps.Single(s => s.Name == "HEALTHCHECK").Arguments);
        Assert.Contains(Dockerfile.Env(PathOf("Dockerfile")), e => e.Key == "ASPNETCORE_ENVIRONMENT" && e.Value == "Production");
    }

    [Fact]
    public void SystemdUnit_IsSandboxedAndReadsTheEnvironmentFile()
    {
        var service = UnitSection(File.ReadAllLines(PathOf("deploy", "broadcaster.service")), "Service");
        Assert.Equal("yes", service["DynamicUser"].Single());
        Assert.Equal("strict", service["ProtectSystem"].Single());
        Assert.Equal("/etc/broadcaster/broadcaster.env", service["EnvironmentFile"].Single());
        Assert.Equal("/opt/broadcaster/Broadcaster migrate", service["ExecStartPre"].Single());
        Assert.Equal("/opt/broadcaster/Broadcaster serve", service["ExecStart"].Single());
        // The .NET JIT writes executable memory: this one sandboxing option would stop the service at start.
        Assert.False(service.Contains("MemoryDenyWriteExecute"));
    }

    [Fact]
    public async Task SystemdUnit_PassesSystemdAnalyzeVerify()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
            return; // not a systemd machine; the parse test above still holds
        // verify also checks that ExecStart's program exists: point it at one that does, change nothing else.
        var dir = Directory.CreateTempSubdirectory("broadcaster-unit-").FullName;
        var unit = Path.Combine(dir, "broadcaster.service");
        await File.WriteAllTextAsync(unit, File.ReadAllText(PathOf("deploy", "broadcaster.service")).Replace("/opt/broadcaster/Broadcaster", "/bin/true"));

        var (code, output) = await Bundle.RunAsync("/usr/bin/systemd-analyze", ["verify", unit], dir, null, TimeSpan.FromMinutes(1));

        Assert.True(code == 0, output);
        // verify exits 0 on unknown keys and unparsable values: it only warns.
        Assert.DoesNotContain("broadcaster.service", output);
        Directory.Delete(dir, recursive: true);
    }

    private static ILookup<string, string> UnitSection(string[] lines, string name) =>
        lines.SkipWhile(l => l.Trim() != $"[{name}]").Skip(1).TakeWhile(l => !l.StartsWith('['))
            .Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToLookup(kv => kv[0].Trim(), kv => kv[1].Trim());

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"\{\$([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex CaddyVariable();
}
