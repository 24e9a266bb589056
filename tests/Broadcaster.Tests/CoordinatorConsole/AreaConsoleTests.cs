using System.Text.RegularExpressions;
using Broadcaster.Networks;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// North Bay serves Napa County and Sonoma County, and inside Napa County two city areas: Napa (city) and
/// American Canyon. An alert to one city reaches that city's homes and the county-wide ones, never the other city's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AreaConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await ConsoleWorld.StartAsync(browser.Browser);
        var areas = _w.App.Get<AreaStore>();
        await areas.AddAsync("north-bay", "napa-city", "Napa (city)", [], ["94558", "94559"]);
        await areas.AddAsync("north-bay", "american-canyon", "American Canyon", [], ["94503"]);
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task DraftForOneCity_PreviewCountsPerArea_AndOnlyThatCityAndTheCountyGetIt()
    {
        const string test = nameof(DraftForOneCity_PreviewCountsPerArea_AndOnlyThatCityAndTheCountyGetIt);
        var county = await _w.AddSmsSubscribersAsync("napa", "en", 1);
        var city = await _w.AddSmsSubscribersAsync("napa-city", "en", 2);
        var otherCity = await _w.AddSmsSubscribersAsync("american-canyon", "en", 1);
        var sonoma = await _w.AddSmsSubscribersAsync("sonoma", "en", 1);

        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.NewAlert.OpenAsync();
        // Grouped by county, the county-wide area first; San Diego's areas (another network) are not offered.
        await Expect(ana.NewAlert.AreasUnder("Napa County")).ToHaveCountAsync(3);
        await Expect(ana.NewAlert.AreasUnder("Napa County").First).ToHaveAccessibleNameAsync("Napa County");
        await Expect(ana.NewAlert.AreasUnder("Sonoma County")).ToHaveCountAsync(1);
        await Expect(ana.NewAlert.AreaBox("San Diego County")).ToHaveCountAsync(0);

        await ana.NewAlert.PickAreaAsync("Napa (city)");
        await ana.NewAlert.PickAreaAsync("Sonoma County");
        await ana.NewAlert.WriteEnglishAsync("ICE checkpoint at Soscol Ave.");

        // Napa (city): its 2 homes and the county-wide 1; Sonoma: its 1. Each area's line, and the total, live.
        await Expect(ana.NewAlert.Recipients).ToHaveTextAsync("4");
        await Expect(ana.NewAlert.AreaRecipients("napa-city")).ToHaveTextAsync(["Napa (city)", "3", "0"]);
        await Expect(ana.NewAlert.AreaRecipients("sonoma")).ToHaveTextAsync(["Sonoma County", "1", "0"]);
        await ana.ScreenshotAsync("new-alert-areas");

        await ana.NewAlert.UnpickAreaAsync("Sonoma County");
        await Expect(ana.NewAlert.Recipients).ToHaveTextAsync("3");
        await Expect(ana.NewAlert.AreaRecipients("sonoma")).ToHaveCountAsync(0);
        await ana.NewAlert.SaveDraftAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var id = ana.Alert.Id;

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await ben.Alert.OpenAsync(id);
        // The verifier's review counts the area as the preview did: its homes and the overlapping county-wide ones.
        await Expect(ben.Page.Locator("[data-review] tr[data-area]")).ToHaveCountAsync(1);
        await Expect(ben.Page.Locator("[data-review] tr[data-area='napa-city'] td")).ToHaveTextAsync(["Napa (city)", "3", "0"]);
        await ben.Alert.VerifyAsync();
        await Expect(ben.Alert.Count("sent")).ToHaveTextAsync("3", new() { Timeout = 60_000 });

        var reached = _w.Twilio.Accepted.Where(m => m.Body.Contains($"VERIFIED ALERT #{id}")).Select(m => m.To).Order().ToList();
        Assert.Equal(county.Concat(city).Order(), reached);
        Assert.DoesNotContain(_w.Twilio.Accepted, m => otherCity.Contains(m.To) || sonoma.Contains(m.To));
        Assert.Empty(ana.Errors);
    }

    [Fact]
    public async Task NewAlert_WithoutJavaScript_PreviewListsEachArea()
    {
        await _w.AddSmsSubscribersAsync("napa", "es", 1);
        await _w.AddSmsSubscribersAsync("american-canyon", "en", 2);
        var ana = await _w.OpenBrowserAsync(nameof(NewAlert_WithoutJavaScript_PreviewListsEachArea), javaScript: false);
        await ana.SignIn.OpenAsync();
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("American Canyon");
        await ana.NewAlert.PickAreaAsync("Napa (city)");
        await ana.NewAlert.WriteEnglishAsync("Checkpoint at the bridge.");

        await ana.NewAlert.PreviewAsync();

        await Expect(ana.NewAlert.Recipients).ToHaveTextAsync("3");
        await Expect(ana.NewAlert.AreaRecipients("american-canyon")).ToHaveTextAsync(["American Canyon", "3", "0"]);
        await Expect(ana.NewAlert.AreaRecipients("napa-city")).ToHaveTextAsync(["Napa (city)", "1", "0"]);
        await Expect(ana.NewAlert.AreaBox("American Canyon")).ToBeCheckedAsync();
        await Expect(ana.NewAlert.AreaBox("Napa County")).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task Overview_PerArea_SubscribersPerChannelAndLanguage()
    {
        await _w.AddSmsSubscribersAsync("napa-city", "en", 2);
        await _w.AddSmsSubscribersAsync("napa-city", "es", 1);
        await _w.AddSmsSubscribersAsync("napa", "es", 1);

        var ana = await _w.SignedInAsync(nameof(Overview_PerArea_SubscribersPerChannelAndLanguage), _w.Ana.ApiKey);

        await Expect(ana.Overview.AreaCells("napa-city")).ToHaveCountAsync(3);
        await Expect(ana.Overview.AreaCells("napa-city").First).ToContainTextAsync("Napa (city)");
        await Expect(ana.Overview.AreaCells("napa-city").First).ToContainTextAsync("Napa · 2 ZIP codes");
        await Expect(ana.Overview.AreaCells("napa-city").Nth(1)).ToHaveTextAsync("3");
        await Expect(ana.Overview.AreaLanguages("napa-city")).ToHaveTextAsync("English 2 · Spanish 1");
        await Expect(ana.Overview.AreaLanguages("napa")).ToHaveTextAsync("Spanish 1");
        await Expect(ana.Overview.AreaCells("american-canyon").Nth(1)).ToHaveTextAsync("0");
        await Expect(ana.Overview.AreaLanguages("american-canyon")).ToHaveCountAsync(0);
        await ana.ScreenshotAsync("overview-areas");
        Assert.Empty(ana.Errors);
    }

    [Fact]
    public async Task PagesWithSeveralAreas_Axe_NoSeriousOrCriticalViolationAndNoHeadingJump()
    {
        const string test = nameof(PagesWithSeveralAreas_Axe_NoSeriousOrCriticalViolationAndNoHeadingJump);
        await _w.AddSmsSubscribersAsync("napa-city", "es", 2);
        var problems = new List<string>();
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey, bypassCsp: true);
        async Task CheckAsync(string what)
        {
            problems.AddRange((await AxeCheck.SeriousAsync(ana.Page)).Select(v => $"{what}: {v}"));
            problems.AddRange((await AxeCheck.HeadingJumpsAsync(ana.Page)).Select(j => $"{what}: heading jump {j}"));
        }

        await CheckAsync("overview per area");
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa (city)");
        await ana.NewAlert.PickAreaAsync("American Canyon");
        await ana.NewAlert.WriteEnglishAsync("ICE checkpoint at Soscol Ave.");
        await Expect(ana.NewAlert.AreaRecipients("american-canyon")).ToHaveCountAsync(3); // its name, SMS, Telegram
        await CheckAsync("new alert with recipients per area");
        await ana.NewAlert.SaveDraftAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey, bypassCsp: true);
        await ben.Alert.OpenAsync(ana.Alert.Id);
        await Expect(ben.Page.Locator("[data-review] tr[data-area]")).ToHaveCountAsync(2);
        problems.AddRange((await AxeCheck.SeriousAsync(ben.Page)).Select(v => $"review per area: {v}"));
        await ana.Page.GotoAsync("/console/signup");
        await CheckAsync("sign-up material by county");
        await ana.Page.GotoAsync("/console/signup/napa-city");
        await CheckAsync("a city's sign-up sheet");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(ana.Errors);
    }
}
