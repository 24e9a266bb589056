using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class CrossNetworkTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task OtherNetworksCoordinator_EveryConsoleUrlOfThisNetwork_403AndNothingChanges()
    {
        await _w.AddSmsSubscribersAsync("napa", "en", 2);
        var draft = await _w.Db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, expires_at)
            VALUES (@network, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = 'napa'), '{"en":"Checkpoint at the bridge."}', 'draft', @ana, now() + interval '2 hours')
            RETURNING id
            """, new { network = _w.NorthBay.Id, ana = _w.Ana.Coordinator.Id });
        var sent = await _w.Db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, verifier_id, expires_at, verified_at, completed_at)
            VALUES (@network, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = 'napa'), '{"en":"Raid reported."}', 'sent', @ana, @ben, now() + interval '2 hours', now(), now())
            RETURNING id
            """, new { network = _w.NorthBay.Id, ana = _w.Ana.Coordinator.Id, ben = _w.Ben.Coordinator.Id });

        var cruz = await _w.SignedInAsync(nameof(OtherNetworksCoordinator_EveryConsoleUrlOfThisNetwork_403AndNothingChanges), _w.Cruz.ApiKey);
        await Expect(cruz.Overview.Heading).ToHaveTextAsync("San Diego RRN");
        await Expect(cruz.Page.GetByText("Napa")).ToHaveCountAsync(0);

        foreach (var path in new[]
        {
            $"/console/alerts/{draft}", $"/console/alerts/{sent}", $"/console/alerts/{sent}?handler=Status",
            $"/console/alerts/new?replyTo={sent}&kind=retraction",
        })
            Assert.True((await cruz.GoToAsync(path)).Status == 403, path);
        await Expect(cruz.Page.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("another network");
        await cruz.ScreenshotAsync("forbidden");

        // Posts carry Cruz's own valid form token: only the network rule can refuse them.
        await cruz.Overview.OpenAsync();
        var token = await cruz.Page.Locator("input[name='__af']").First.InputValueAsync();
        foreach (var path in new[] { $"/console/alerts/{draft}?handler=Verify", $"/console/alerts/{draft}?handler=Abort" })
            Assert.True((await cruz.PostAsync(path, new() { ["__af"] = token })).Status == 403, path);
        var followUp = await cruz.PostAsync("/console/alerts/new", new()
        {
            ["__af"] = token, ["Form.Kind"] = "retraction", ["Form.ReplyTo"] = sent.ToString(), ["Form.En"] = "Disregard.",
        });
        Assert.Equal(403, followUp.Status);
        var preview = await cruz.PostAsync("/console/alerts/new?handler=Preview", new()
        {
            ["__af"] = token, ["Form.Areas"] = "napa", ["Form.En"] = "Checkpoint.",
        });
        Assert.Equal(403, preview.Status);
        await cruz.Page.GotoAsync("/console/coordinators");
        var adminToken = await cruz.Page.Locator("input[name='__af']").First.InputValueAsync();
        foreach (var path in new[] { $"/console/coordinators?id={_w.Ana.Coordinator.Id}&handler=Revoke", $"/console/coordinators?id={_w.Ben.Coordinator.Id}&handler=NewKey" })
            Assert.True((await cruz.PostAsync(path, new() { ["__af"] = adminToken })).Status == 403, path);
        Assert.NotNull(await _w.App.Get<Broadcaster.Coordinators.CoordinatorStore>().FindByApiKeyAsync(_w.Ben.ApiKey));
        Assert.Equal(3L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE active"));

        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @draft", new { draft }));
        Assert.Equal(2L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
        await cruz.Awaiting.OpenAsync();
        await Expect(cruz.Awaiting.Draft(draft)).ToHaveCountAsync(0);
        await cruz.Audit.OpenAsync();
        await Expect(cruz.Page.GetByText($"#{draft}")).ToHaveCountAsync(0);
    }
}
