using System.Text.RegularExpressions;
using Broadcaster.Tests.CoordinatorConsole.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// Every console page through axe-core (no serious or critical violation, no heading that skips a level), and the
/// 360-px layout a volunteer's phone shows: two rows of navigation at most, the preview above Save draft, alerts with a line of text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() =>
        _w = await ConsoleWorld.StartAsync(browser.Browser, extra: new Dictionary<string, string> { ["Broadcaster:Simulator"] = "true" }, environment: "Development");

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task EveryConsolePage_Axe_NoSeriousOrCriticalViolationAndNoHeadingJump()
    {
        const string test = nameof(EveryConsolePage_Axe_NoSeriousOrCriticalViolationAndNoHeadingJump);
        await _w.AddSmsSubscribersAsync("napa", "es", 2);
        var sent = await _w.Db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, verifier_id, created_at, expires_at, verified_at, completed_at)
            VALUES (@network, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = 'napa'), '{"en":"Raid reported downtown."}', 'sent', @ana, @ben, now(), now() + interval '2 hours', now(), now())
            RETURNING id
            """, new { network = _w.NorthBay.Id, ana = _w.Ana.Coordinator.Id, ben = _w.Ben.Coordinator.Id });
        var problems = new List<string>();
        var ana = await _w.OpenBrowserAsync(test, bypassCsp: true);
        async Task CheckAsync(string what)
        {
            problems.AddRange((await AxeCheck.SeriousAsync(ana.Page)).Select(v => $"{what}: {v}"));
            problems.AddRange((await AxeCheck.HeadingJumpsAsync(ana.Page)).Select(j => $"{what}: heading jump {j}"));
        }

        await ana.SignIn.OpenAsync();
        await CheckAsync("sign-in");
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console$"));
        await CheckAsync("overview");

        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa County");
        await ana.NewAlert.WriteEnglishAsync("ICE checkpoint at 1st and Main.");
        await ana.NewAlert.WriteSpanishAsync("Retén de ICE en la estación de Main y 1st. Evite el área; no abra la puerta. Más noticias.");
        await Expect(ana.NewAlert.Offer("es")).ToBeVisibleAsync();
        await CheckAsync("new alert");
        // 360 px: the preview (and "nobody would receive this") is read before the button that saves.
        var preview = await ana.NewAlert.Panel.BoundingBoxAsync();
        var save = await ana.NewAlert.SaveButton.BoundingBoxAsync();
        if (preview!.Y >= save!.Y)
            problems.Add($"360 px: preview at {preview.Y} px, below Save draft at {save.Y} px");
        var nav = await ana.Page.Locator("nav.tabs").BoundingBoxAsync();
        var tab = await ana.Page.Locator("nav.tabs a").First.BoundingBoxAsync();
        if (nav!.Height >= 2.5 * tab!.Height)
            problems.Add($"360 px: navigation {nav.Height} px high, a tab {tab.Height} px: more than two rows");

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await ben.NewAlert.OpenAsync();
        await ben.NewAlert.PickAreaAsync("Napa County");
        await ben.NewAlert.WriteEnglishAsync("Checkpoint on Route 29.");
        await ben.NewAlert.SaveDraftAsync();
        await Expect(ben.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var draft = ben.Alert.Id;

        await ana.Awaiting.OpenAsync();
        await CheckAsync("awaiting verification");
        await ana.Alert.OpenAsync(draft);
        await CheckAsync("review");
        await ana.Alert.VerifyButton.ClickAsync();
        await Expect(ana.Alert.ConfirmButton).ToBeVisibleAsync();
        await CheckAsync("confirm");
        await ana.Alert.OpenAsync(sent);
        await CheckAsync("sent alert");
        await ana.Page.GotoAsync($"/console/alerts/new?replyTo={sent}&kind=retraction");
        await CheckAsync("follow-up");
        await ana.Audit.OpenAsync();
        await CheckAsync("audit log");
        await ana.Coordinators.OpenAsync();
        await CheckAsync("coordinators");
        await ana.Page.GotoAsync("/console/signup");
        await CheckAsync("sign-up material");
        await ana.Page.GotoAsync("/console/signup/napa");
        await CheckAsync("sign-up sheet");
        await ana.Overview.OpenAsync();
        await Expect(ana.Page.Locator($"[data-alert='{sent}'] .alert-text")).ToHaveTextAsync("Raid reported downtown.");
        await CheckAsync("overview with alerts");
        await ana.ScreenshotAsync("overview");

        var phone = new SimulatorPage(ana.Page);
        await phone.OpenAsync("(213) 555-0101");
        await phone.TextAsync("UNIRME NAPA");
        await Expect(phone.Received("Responda SI")).ToBeVisibleAsync();
        await CheckAsync("simulator");
        // The thread scrolls: it must take keyboard focus; and the quick replies speak the thread's language.
        Assert.Equal("0", await phone.Thread.GetAttributeAsync("tabindex"));
        await Expect(ana.Page.Locator(".quick button").First).ToHaveTextAsync("UNIRME LA");
        await ana.ScreenshotAsync("simulator");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(ana.Errors.Count == 0, string.Join("\n", ana.Errors));
    }
}
