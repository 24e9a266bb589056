using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Broadcaster.Coordinators;
using Broadcaster.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// The two-person rule against a dishonest admin: Ana (North Bay's admin) cannot get Ben's key, cannot keep an
/// old session alive, cannot verify a revoked colleague's draft, and cannot change the team unseen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamTrustTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string DeePhone = "+17075550144";
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Admin_NewKeyOrAddedColleague_NoPageOrPostShowsTheKey()
    {
        const string test = nameof(Admin_NewKeyOrAddedColleague_NoPageOrPostShowsTheKey);
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        var answers = new List<string>();

        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.NewKeyAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("sent to that coordinator's own phone");
        answers.Add(await ana.Page.ContentAsync());
        await ana.Coordinators.AddAsync("Dee", phone: DeePhone);
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Dee was added");
        answers.Add(await ana.Page.ContentAsync());
        foreach (var path in new[] { "/console", "/console/coordinators", "/console/audit", "/console/awaiting" })
            answers.Add(await (await ana.GoToAsync(path)).TextAsync());
        var deeId = await _w.Db.ScalarAsync<long>("SELECT id FROM coordinators WHERE name = 'Dee'");
        foreach (var handler in new[] { "NewKey", "Add" })
            answers.Add(await (await ana.PostAsync($"/console/coordinators?handler={handler}&id={deeId}")).TextAsync());

        var benKey = await _w.KeySentToAsync(ConsoleWorld.BenPhone);
        var deeKey = await _w.KeySentToAsync(DeePhone);
        Assert.Equal("Ben", (await _w.App.Get<CoordinatorStore>().FindByApiKeyAsync(benKey))?.Name);
        Assert.Equal("Dee", (await _w.App.Get<CoordinatorStore>().FindByApiKeyAsync(deeKey))?.Name);
        Assert.True(answers.Count >= 6, $"only {answers.Count} answers seen");
        Assert.All(answers, page => Assert.DoesNotMatch(new Regex("bk_[A-Za-z0-9_-]{20,}"), page));
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == ConsoleWorld.AnaPhone && m.Body.Contains("bk_"));
    }

    [Fact]
    public async Task NewKey_ByAdminOrOperator_EndsTheBrowserSession()
    {
        const string test = nameof(NewKey_ByAdminOrOperator_EndsTheBrowserSession);
        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);

        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.NewKeyAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("sent to that coordinator's own phone");
        await ben.Overview.OpenAsync();
        await Expect(ben.Page).ToHaveURLAsync(new Regex("/console/sign-in"));

        var again = await _w.SignedInAsync(test, await _w.KeySentToAsync(ConsoleWorld.BenPhone));
        Assert.NotNull(await _w.App.Get<TeamChanges>().OperatorNewKeyAsync(_w.Ben.Coordinator.Id));
        await again.Overview.OpenAsync();
        await Expect(again.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task Revoke_AuthorOfAnOpenDraft_DraftCannotBeVerified()
    {
        var ana = await _w.SignedInAsync(nameof(Revoke_AuthorOfAnOpenDraft_DraftCannotBeVerified), _w.Ana.ApiKey);
        var drafted = await ApiAsync(_w.Ben.ApiKey, HttpMethod.Post, "/api/alerts", new { counties = new[] { "napa" }, texts = new { en = "ICE at 1st and Main." } });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.RevokeAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Revoked");
        var verify = await ApiAsync(_w.Ana.ApiKey, HttpMethod.Post, $"/api/alerts/{id}/verify");

        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
        Assert.Equal("expired", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%BroadcastJob%'"));
    }

    [Fact]
    public async Task TeamChanges_ByAdminAndOperator_AuditedWithWhoAndToldToEveryCoordinator()
    {
        var ana = await _w.SignedInAsync(nameof(TeamChanges_ByAdminAndOperator_AuditedWithWhoAndToldToEveryCoordinator), _w.Ana.ApiKey);
        var anaId = _w.Ana.Coordinator.Id;
        var before = await _w.Db.ScalarAsync<long>("SELECT max(id) FROM audit_log");

        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.AddAsync("Dee", phone: DeePhone);
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Dee was added");
        var dee = await _w.Db.ScalarAsync<long>("SELECT id FROM coordinators WHERE name = 'Dee'");
        // The notices go out from a job: revoked before his notice went, Ben rightly gets none (a revoked coordinator is
        // told nothing more), which under load made this test see four notices.
        await Eventually.HoldsAsync(() => Task.FromResult(TeamNotices().Count), n => n >= 3, "the notices that Dee was added");
        await _w.App.Get<TeamChanges>().RevokeAsync(TeamActor.Operator, _w.Ben.Coordinator.Id);

        var rows = await _w.Db.QueryAsync<(string Action, long? By, long Subject, string Via)>("""
            SELECT action, coordinator_id, (detail ->> 'coordinator')::bigint, detail ->> 'via' FROM audit_log
            WHERE network_id = @network AND id > @before ORDER BY id
            """, new { network = _w.NorthBay.Id, before });
        Assert.Equal([("added coordinator", anaId, dee, "console"), ("revoked coordinator", null, _w.Ben.Coordinator.Id, "cli")], rows);
        await Eventually.HoldsAsync(() => Task.FromResult(TeamNotices().Count), n => n >= 5, "the team notices");
        var added = $"North Bay RRN team change: Ana (#{anaId}) added Dee (#{dee}) as a coordinator. Not expected? Tell your network's admins at once.";
        var revoked = $"North Bay RRN team change: An operator (CLI) revoked Ben (#{_w.Ben.Coordinator.Id}). Not expected? Tell your network's admins at once.";
        Assert.Equal(
            [(ConsoleWorld.AnaPhone, added), (ConsoleWorld.AnaPhone, revoked), (ConsoleWorld.BenPhone, added), (DeePhone, added), (DeePhone, revoked)],
            TeamNotices().OrderBy(n => n.To).ThenBy(n => n.Body.Contains("revoked")));
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == ConsoleWorld.CruzPhone);

        await ana.Audit.OpenAsync();
        var addedRow = ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = $"added coordinator Dee" });
        await Expect(addedRow).ToContainTextAsync($"Ana #{anaId} · SMS +1******0111");
        await Expect(addedRow).ToContainTextAsync($"Dee #{dee} (console)");
        await Expect(ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = "revoked coordinator Ben" }))
            .ToContainTextAsync($"an operator (CLI)");
    }

    [Fact]
    public async Task AdminFlag_OnTheTeamPage_AuditedToldToEveryoneAndTheLastAdminStays()
    {
        var ana = await _w.SignedInAsync(nameof(AdminFlag_OnTheTeamPage_AuditedToldToEveryoneAndTheLastAdminStays), _w.Ana.ApiKey);
        var (anaId, benId) = (_w.Ana.Coordinator.Id, _w.Ben.Coordinator.Id);
        var before = await _w.Db.ScalarAsync<long>("SELECT max(id) FROM audit_log");

        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.MakeAdminAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Ben is now a network admin");
        await Expect(ana.Coordinators.Row("Ben")).ToContainTextAsync("admin");
        await ana.Coordinators.RemoveAdminAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Ben is no longer a network admin");
        await ana.Coordinators.RemoveAdminAsync("Ana");

        await Expect(ana.Coordinators.Error).ToContainTextAsync("last admin");
        Assert.True(await _w.Db.ScalarAsync<bool>("SELECT is_admin FROM coordinators WHERE id = @anaId", new { anaId }));
        Assert.False(await _w.Db.ScalarAsync<bool>("SELECT is_admin FROM coordinators WHERE id = @benId", new { benId }));
        var rows = await _w.Db.QueryAsync<(string Action, long? By, long Subject)>("""
            SELECT action, coordinator_id, (detail ->> 'coordinator')::bigint FROM audit_log WHERE id > @before ORDER BY id
            """, new { before });
        Assert.Equal([("made admin", anaId, benId), ("removed admin", anaId, benId)], rows);
        var made = $"North Bay RRN team change: Ana (#{anaId}) made Ben (#{benId}) a network admin. Not expected? Tell your network's admins at once.";
        var removed = $"North Bay RRN team change: Ana (#{anaId}) removed Ben (#{benId}) as network admin. Not expected? Tell your network's admins at once.";
        await Eventually.HoldsAsync(() => Task.FromResult(TeamNotices().Count), n => n >= 4, "the team notices");
        Assert.Equal([(ConsoleWorld.AnaPhone, made), (ConsoleWorld.AnaPhone, removed), (ConsoleWorld.BenPhone, made), (ConsoleWorld.BenPhone, removed)],
            TeamNotices().OrderBy(n => n.To).ThenBy(n => n.Body.Contains("removed")));
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == ConsoleWorld.CruzPhone);
    }

    [Fact]
    public async Task AdminFlag_PostForAnotherNetworksCoordinator_403AndNothingChanges()
    {
        var ana = await _w.SignedInAsync(nameof(AdminFlag_PostForAnotherNetworksCoordinator_403AndNothingChanges), _w.Ana.ApiKey);
        await ana.Coordinators.OpenAsync();

        // A real form's antiforgery token, pointed at San Diego's admin.
        var token = await ana.Page.Locator("input[name=__af]").First.InputValueAsync();
        var response = await ana.PostAsync($"/console/coordinators?handler=Admin&id={_w.Cruz.Coordinator.Id}",
            new() { ["admin"] = "false", ["__af"] = token });

        Assert.Equal(403, response.Status);
        Assert.True(await _w.Db.ScalarAsync<bool>("SELECT is_admin FROM coordinators WHERE id = @id", new { id = _w.Cruz.Coordinator.Id }));
    }

    private List<(string To, string Body)> TeamNotices() =>
        _w.Twilio.Accepted.Where(m => m.Body.Contains("team change")).Select(m => (m.To, m.Body)).ToList();

    private async Task<HttpResponseMessage> ApiAsync(string key, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _w.App.Http.SendAsync(request);
    }
}
