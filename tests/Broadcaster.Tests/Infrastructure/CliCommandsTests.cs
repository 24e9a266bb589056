using System.CommandLine;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Operators;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class CliCommandsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    private static string LastLine(string text) => text.TrimEnd().Split('\n').Last().Trim();

    private static List<string> Paths()
    {
        var paths = new List<string>();
        void Walk(Command c, string path)
        {
            paths.Add(path);
            foreach (var sub in c.Subcommands)
                Walk(sub, (path + " " + sub.Name).Trim());
        }
        Walk(Cli.Root(new CliContext(TextWriter.Null, null)), "");
        return paths;
    }

    public static TheoryData<string> CommandPaths() => new(Paths());

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_EveryCommand_DescribesItsOptionsAndExitsZero(string path)
    {
        var args = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (code, output, _) = await RunAsync([.. args, "--help"]);

        Assert.Equal(0, code);
        // The usage line starts with the executable's name (testhost here, Broadcaster when installed).
        Assert.Matches(@"Usage:\s+\S+" + System.Text.RegularExpressions.Regex.Escape((" " + path).TrimEnd()) + @"( \[|\s*$)", output);
        Assert.Contains("--help", output);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM networks"));
    }

    [Fact]
    public void Tree_HasEveryDesignCommand()
    {
        var paths = Paths().ToHashSet();

        foreach (var expected in new[] { "migrate", "serve", "network add", "network list", "network set-telegram-channel", "coordinator add",
                     "coordinator list", "coordinator revoke", "coordinator new-key", "coordinator set-admin", "operator add" })
            Assert.Contains(expected, paths);
    }

    [Theory]
    [InlineData("unknown command 'netwrk'", "netwrk", "add")]
    [InlineData("'--id'", "coordinator", "revoke", "--id", "seven")]
    [InlineData("Option '--network' is required", "coordinator", "list")]
    [InlineData("no coordinator with id 99", "coordinator", "new-key", "--id", "99")]
    [InlineData("unknown network 'atlantis'", "coordinator", "list", "--network", "atlantis")]
    public async Task Command_BadInput_OneLineNamingTheProblemExitOne(string message, params string[] args)
    {
        var (code, _, err) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task NetworkList_ShowsEachNetworkWithCounties()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "North Bay RRN", "--counties", "napa,sonoma");
        await RunAsync("network", "add", "--slug", "la-rrn", "--name", "LA RRN", "--counties", "los-angeles");

        var (code, output, _) = await RunAsync("network", "list");

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("la-rrn\tLA RRN", lines[0]);
        Assert.Contains("areas napa,sonoma", lines[1]);
    }

    [Fact]
    public async Task CoordinatorList_ShowsChannelsAdminActive_NeverTheFullNumber()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");
        await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana", "--phone", "+17075550111", "--admin");
        await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Bo", "--telegram-user-id", "4242");

        var (code, output, _) = await RunAsync("coordinator", "list", "--network", "north-bay");

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Matches(@"^\d+\tAna\tsms \+1\*+0111\tadmin\tactive$", lines[0].TrimEnd());
        Assert.Matches(@"^\d+\tBo\ttelegram\t-\tactive$", lines[1].TrimEnd());
        Assert.DoesNotContain("5550111", output);
        Assert.DoesNotContain("4242", output);
    }

    [Fact]
    public async Task CoordinatorRevoke_KeyStopsWorkingAndAddressesAreErased()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");
        var key = LastLine((await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana", "--phone", "+17075550111")).Out);
        var id = await _db.ScalarAsync<long>("SELECT id FROM coordinators");

        var revoke = await RunAsync("coordinator", "revoke", "--id", id.ToString());
        var list = await RunAsync("coordinator", "list", "--network", "north-bay");
        var newKey = await RunAsync("coordinator", "new-key", "--id", id.ToString());

        Assert.Equal(0, revoke.Code);
        Assert.Null(await FindByKeyAsync(key));
        Assert.EndsWith("revoked", list.Out.TrimEnd());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE phone_cipher IS NOT NULL OR phone_index IS NOT NULL"));
        Assert.Equal(1, newKey.Code);
        Assert.Contains("is revoked", newKey.Err);
    }

    [Fact]
    public async Task CoordinatorNewKey_NewKeyOnLastLineWorks_OldKeyDoesNot()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");
        var old = LastLine((await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana")).Out);
        var id = await _db.ScalarAsync<long>("SELECT id FROM coordinators");

        var (code, output, _) = await RunAsync("coordinator", "new-key", "--id", id.ToString());
        var fresh = LastLine(output);

        Assert.Equal(0, code);
        Assert.StartsWith("bk_", fresh);
        Assert.NotEqual(old, fresh);
        Assert.Equal(id, (await FindByKeyAsync(fresh))?.Id);
        Assert.Null(await FindByKeyAsync(old));
    }

    [Fact]
    public async Task OperatorAdd_KeyOnLastLine_StoredOnlyAsHash()
    {
        var (code, output, _) = await RunAsync("operator", "add", "--name", "Ops");
        var key = LastLine(output);

        Assert.Equal(0, code);
        Assert.StartsWith("op_", key);
        Assert.True(ApiKeys.Matches(key, await _db.ScalarAsync<byte[]>("SELECT api_key_hash FROM operators")));
        await using var app = await TestApp.StartAsync(_db);
        Assert.Equal("Ops", (await app.Get<OperatorStore>().FindByKeyAsync(key))?.Name);
        Assert.Null(await app.Get<CoordinatorStore>().FindByApiKeyAsync(key));
    }

    [Fact]
    public async Task Command_UnreachableDatabase_OneLineConfigurationErrorExitTwo()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(["network", "list"], stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = "Testing";
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3",
                ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
                ["Twilio:Outbox"] = "true",
            });
        });

        Assert.Equal(2, code);
        Assert.StartsWith("configuration error: cannot use the database in ConnectionStrings:Postgres", stderr.ToString());
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    private async Task<Coordinator?> FindByKeyAsync(string key)
    {
        await using var app = await TestApp.StartAsync(_db);
        return await app.Get<CoordinatorStore>().FindByApiKeyAsync(key);
    }
}
