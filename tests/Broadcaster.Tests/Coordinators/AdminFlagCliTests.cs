using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Coordinators;

/// <summary>
/// `coordinator set-admin --id N (--on | --off)` against the real database: the change is audited as an operator's,
/// every coordinator of the network is to be told, and the network's last admin cannot be removed, not even by two
/// changes at once.
/// </summary>
public sealed class AdminFlagCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private long _ana;
    private long _ben;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "North Bay RRN", "--counties", "napa");
        await RunAsync("network", "add", "--slug", "san-diego", "--name", "San Diego RRN", "--counties", "san-diego");
        await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana", "--phone", "+17075550111", "--admin");
        await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ben", "--phone", "+17075550122");
        await RunAsync("coordinator", "add", "--network", "san-diego", "--name", "Cruz", "--phone", "+16195550133", "--admin");
        _ana = await _db.ScalarAsync<long>("SELECT id FROM coordinators WHERE name = 'Ana'");
        _ben = await _db.ScalarAsync<long>("SELECT id FROM coordinators WHERE name = 'Ben'");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    private Task<List<(string Action, long? By, long Subject, string Via)>> AuditAsync() => _db.QueryAsync<(string, long?, long, string)>("""
        SELECT action, coordinator_id, (detail ->> 'coordinator')::bigint, detail ->> 'via' FROM audit_log
        WHERE action IN ('made admin', 'removed admin') ORDER BY id
        """);

    // One Hangfire job per coordinator of the network to tell (jobs carry ids only: recipient, action, subject, actor).
    private Task<List<string>> TeamNoticeJobsAsync() => _db.QueryAsync<string>("""
        SELECT (arguments::jsonb ->> 0) || ' ' || (arguments::jsonb ->> 1) FROM hangfire.job
        WHERE invocationdata::text LIKE '%TeamNoticeJob%' AND arguments::jsonb ->> 1 LIKE '%admin%' ORDER BY 1
        """);

    [Fact]
    public async Task SetAdmin_OnThenOff_AuditedAsTheOperatorsAndToldToTheWholeNetwork()
    {
        var on = await RunAsync("coordinator", "set-admin", "--id", _ben.ToString(), "--on");
        var list = await RunAsync("coordinator", "list", "--network", "north-bay");
        var off = await RunAsync("coordinator", "set-admin", "--id", _ana.ToString(), "--off");

        Assert.Equal((0, $"Coordinator {_ben} (Ben) is now a network admin."), (on.Code, on.Out.Trim()));
        Assert.Matches(@"\tBen\t.*\tadmin\tactive", list.Out);
        Assert.Equal((0, $"Coordinator {_ana} (Ana) is no longer a network admin."), (off.Code, off.Out.Trim()));
        Assert.Equal([("made admin", null, _ben, "cli"), ("removed admin", null, _ana, "cli")], await AuditAsync());
        Assert.Equal([$"{_ana} \"made admin\"", $"{_ana} \"removed admin\"", $"{_ben} \"made admin\"", $"{_ben} \"removed admin\""],
            await TeamNoticeJobsAsync());
    }

    [Fact]
    public async Task SetAdminOff_TheLastAdmin_RefusedWithOneLineAndNothingChanges()
    {
        var (code, _, err) = await RunAsync("coordinator", "set-admin", "--id", _ana.ToString(), "--off");

        Assert.Equal(1, code);
        Assert.Contains("last admin", Assert.Single(err.TrimEnd().Split('\n')));
        Assert.True(await _db.ScalarAsync<bool>("SELECT is_admin FROM coordinators WHERE id = @_ana", new { _ana }));
        Assert.Empty(await AuditAsync());
        Assert.Empty(await TeamNoticeJobsAsync());
    }

    [Fact]
    public async Task SetAdminOff_TwoAdminsRemovedAtOnce_OneStaysAdmin()
    {
        await RunAsync("coordinator", "set-admin", "--id", _ben.ToString(), "--on");

        var results = await Task.WhenAll(
            Task.Run(() => RunAsync("coordinator", "set-admin", "--id", _ana.ToString(), "--off")),
            Task.Run(() => RunAsync("coordinator", "set-admin", "--id", _ben.ToString(), "--off")));

        Assert.Equal([0, 1], results.Select(r => r.Code).Order());
        Assert.Contains("last admin", results.Single(r => r.Code == 1).Err);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE network_id = (SELECT network_id FROM coordinators WHERE id = @_ana) AND is_admin", new { _ana }));
    }

    [Theory]
    [InlineData("give exactly one of --on or --off", "--on", "--off")]
    [InlineData("give exactly one of --on or --off")]
    public async Task SetAdmin_NeitherOrBothFlags_OneLineExitOne(string message, params string[] flags)
    {
        var (code, _, err) = await RunAsync(["coordinator", "set-admin", "--id", _ben.ToString(), .. flags]);

        Assert.Equal(1, code);
        Assert.Contains(message, Assert.Single(err.TrimEnd().Split('\n')));
    }
}
