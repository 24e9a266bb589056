using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class AlertConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task DraftVerifyWatch_TwoCoordinators_SubscribersGetItAndCountsGoLive()
    {
        const string test = nameof(DraftVerifyWatch_TwoCoordinators_SubscribersGetItAndCountsGoLive);
        var english = await _w.AddSmsSubscribersAsync("napa", "en", 3);
        var spanish = await _w.AddSmsSubscribersAsync("napa", "es", 2);
        var elsewhere = await _w.AddSmsSubscribersAsync("sonoma", "en", 1);

        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.ScreenshotAsync("overview");
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa County");
        await ana.NewAlert.WriteEnglishAsync("ICE checkpoint at 1st and Main.");
        await ana.NewAlert.WriteSpanishAsync("Retén de ICE en 1st y Main.");

        // The live preview: the drafter's own figures, without a click.
        await Expect(ana.NewAlert.Recipients).ToHaveTextAsync("5");
        await Expect(ana.NewAlert.Message("en")).ToContainTextAsync("VERIFIED ALERT #");
        await Expect(ana.NewAlert.Message("es")).ToContainTextAsync("Retén de ICE en 1st y Main.");
        await Expect(ana.NewAlert.Summary("es")).ToContainTextAsync("1 SMS segment(s) · GSM-7");
        await Expect(ana.NewAlert.Warnings).ToHaveCountAsync(0);
        await ana.ScreenshotAsync("new-alert");
        await ana.NewAlert.SaveDraftAsync();

        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var id = ana.Alert.Id;
        await Expect(ana.Alert.Status).ToHaveTextAsync("awaiting verification");
        await Expect(ana.Alert.Notice).ToContainTextAsync("waits for a second coordinator");
        await Expect(ana.Alert.VerifyButton).ToHaveCountAsync(0);
        await ana.ScreenshotAsync("alert-draft");
        await ana.Awaiting.OpenAsync();
        await Expect(ana.Awaiting.Draft(id)).ToContainTextAsync("Asked to verify: Ben (SMS)");
        await Expect(ana.Awaiting.VerifyButton(id)).ToHaveCountAsync(0);
        await ana.ScreenshotAsync("awaiting-own");

        // Ana forces the verify anyway, with a valid form token: the same rule as the API.
        await ana.Alert.OpenAsync(id);
        var forced = await ana.PostAsync($"/console/alerts/{id}?handler=Verify", new() { ["__af"] = await ana.Alert.FormTokenAsync() });
        Assert.Equal(409, forced.Status);
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await ben.Awaiting.OpenAsync();
        await Expect(ben.Awaiting.Draft(id)).ToContainTextAsync("ICE checkpoint at 1st and Main.");
        await ben.ScreenshotAsync("awaiting-other");
        await ben.Awaiting.VerifyAsync(id);

        await Expect(ben.Page).ToHaveURLAsync(new Regex($"/console/alerts/{id}$"));
        await ben.Page.EvaluateAsync("window.stillTheSamePage = true");
        await Expect(ben.Alert.Count("sent")).ToHaveTextAsync("5", new() { Timeout = 60_000 });
        await Expect(ben.Alert.Count("pending")).ToHaveTextAsync("0");
        await Expect(ben.Alert.Status).ToHaveTextAsync("sent", new() { Timeout = 30_000 });
        Assert.True(await ben.Page.EvaluateAsync<bool>("window.stillTheSamePage === true"), "the counts came without a reload");
        Assert.Equal("5", await ben.Alert.Progress.GetAttributeAsync("value"));
        await Expect(ben.Alert.AbortButton).ToHaveCountAsync(0);
        await ben.ScreenshotAsync("alert-sent");

        var got = _w.Twilio.Accepted.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Select(m => m.Body).ToList());
        foreach (var number in english)
            Assert.Contains(got[number], b => b.Contains($"VERIFIED ALERT #{id}") && b.Contains("ICE checkpoint at 1st and Main."));
        foreach (var number in spanish)
            Assert.Contains(got[number], b => b.Contains($"ALERTA VERIFICADA #{id}") && b.Contains("Retén de ICE"));
        Assert.False(got.ContainsKey(elsewhere[0]));

        await ana.Audit.OpenAsync();
        await Expect(ana.Audit.Line("Ana", "drafted", id)).ToBeVisibleAsync();
        await Expect(ana.Audit.Line("Ben", "verified", id)).ToBeVisibleAsync();
        await ana.ScreenshotAsync("audit");
        Assert.True(ana.Errors.Count == 0, string.Join("\n", ana.Errors));
        Assert.True(ben.Errors.Count == 0, string.Join("\n", ben.Errors));
    }

    [Fact]
    public async Task Retract_FromTheAlertPage_PrefilledAndSentToTheSamePeople()
    {
        const string test = nameof(Retract_FromTheAlertPage_PrefilledAndSentToTheSamePeople);
        var numbers = await _w.AddSmsSubscribersAsync("sonoma", "en", 2);
        var original = await _w.Db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, verifier_id, created_at, expires_at, verified_at, completed_at)
            VALUES (@network, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = 'sonoma'), '{"en":"Raid reported downtown."}', 'sent', @ana, @ben, now(), now() + interval '2 hours', now(), now())
            RETURNING id
            """, new { network = _w.NorthBay.Id, ana = _w.Ana.Coordinator.Id, ben = _w.Ben.Coordinator.Id });

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await ben.Alert.OpenAsync(original);
        await ben.Alert.FollowUpAsync("Retract");

        await Expect(ben.NewAlert.EnglishText).ToHaveValueAsync($"Alert #{original} could not be confirmed. Please disregard it.");
        await Expect(ben.NewAlert.Message("en")).ToContainTextAsync($"RETRACTION #");
        await Expect(ben.NewAlert.Recipients).ToHaveTextAsync("2");
        await ben.ScreenshotAsync("retraction");
        await ben.NewAlert.SaveDraftAsync();
        await Expect(ben.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var retraction = ben.Alert.Id;

        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.Alert.OpenAsync(retraction);
        await ana.Alert.VerifyAsync();
        await Expect(ana.Alert.Count("sent")).ToHaveTextAsync("2", new() { Timeout = 60_000 });

        foreach (var number in numbers)
            Assert.Contains(_w.Twilio.Accepted, m => m.To == number && m.Body.Contains($"RETRACTION #{retraction} (re #{original})"));
    }

    [Fact]
    public async Task NewAlert_WithoutJavaScript_PreviewAndSaveStillWork()
    {
        await _w.AddSmsSubscribersAsync("napa", "es", 1);
        var ana = await _w.OpenBrowserAsync(nameof(NewAlert_WithoutJavaScript_PreviewAndSaveStillWork), javaScript: false);
        await ana.SignIn.OpenAsync();
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa County");
        await ana.NewAlert.WriteEnglishAsync("Checkpoint at the bridge.");

        await ana.NewAlert.PreviewAsync();
        await Expect(ana.NewAlert.Recipients).ToHaveTextAsync("1");
        await Expect(ana.NewAlert.Warnings.First).ToContainTextAsync("No Spanish text");
        await ana.NewAlert.SaveDraftAsync();

        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        await Expect(ana.Alert.Status).ToHaveTextAsync("awaiting verification");
    }

    [Fact]
    public async Task NewAlert_NoCounty_SaysWhatIsMissingAndStoresNothing()
    {
        var ana = await _w.SignedInAsync(nameof(NewAlert_NoCounty_SaysWhatIsMissingAndStoresNothing), _w.Ana.ApiKey);
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.WriteEnglishAsync("Checkpoint at the bridge.");

        await ana.NewAlert.SaveDraftAsync();

        await Expect(ana.NewAlert.Error).ToContainTextAsync("counties");
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }
}
