using Broadcaster.Networks;
using Broadcaster.Tests.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole.Simulator;

/// <summary>
/// Long Beach is served by two networks: LA RRN (all of Los Angeles County, at the default number) and LBCDN (Long
/// Beach's ZIP codes, with its own number). At the default number a Long Beach ZIP gets a numbered menu of both; the
/// answer picks, then YES confirms as usual. At LBCDN's own number only LBCDN counts: no menu.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulatorMenuTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string LongBeachNumber = "+15625550100";
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await SimulatorWorld.StartAsync(https: true);
        await _w.App.Get<NetworkStore>().AddAsync("lbcdn", "LBCDN", [], null, new SmsSender(LongBeachNumber, null, null));
        await _w.App.Get<AreaStore>().AddAsync("lbcdn", "long-beach", "Long Beach", [], ["90802", "90803"]);
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private Task<List<string>> SimulatedHomesAsync() => _w.Db.QueryAsync<string>("""
        SELECT a.slug FROM subscriptions s JOIN areas a ON a.id = s.area_id
        WHERE s.status = 'active' AND s.subscriber_id = (SELECT id FROM subscribers WHERE simulated)
        ORDER BY a.slug
        """);

    [Fact]
    public async Task JoinLongBeachZip_AtTheDefaultNumber_MenuOfBothNetworks_TheChoiceThenYesJoinsOnlyIt()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(JoinLongBeachZip_AtTheDefaultNumber_MenuOfBothNetworks_TheChoiceThenYesJoinsOnlyIt));
        var phone = new SimulatorPage(person.Page);
        await phone.OpenAsync("(213) 555-0101");

        await phone.TextAsync("JOIN 90802");

        var menu = phone.Received("LBCDN");
        await Expect(menu).ToContainTextAsync("LA RRN");
        await Expect(menu).ToContainTextAsync("Long Beach");
        await person.ScreenshotAsync("simulator-menu");
        Assert.Empty(await SimulatedHomesAsync());

        var lbcdn = (await menu.TextContentAsync())!.Split('\n').Select(l => l.Trim()).First(l => l.Contains("LBCDN"));
        await phone.TextAsync(lbcdn[..1]); // the line's number
        await Expect(phone.Received("YES")).ToHaveCountAsync(1);
        await phone.TextAsync("YES");

        await Expect(phone.Received("You'll get alerts for Long Beach")).ToBeVisibleAsync();
        Assert.Equal(["long-beach"], await SimulatedHomesAsync());
        Assert.Empty(person.Errors);
    }

    [Fact]
    public async Task JoinLongBeachZip_AtLongBeachsOwnNumber_NoMenu_YesJoinsLongBeach_ThreadNamesTheNumber()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(JoinLongBeachZip_AtLongBeachsOwnNumber_NoMenu_YesJoinsLongBeach_ThreadNamesTheNumber), bypassCsp: true);
        var phone = new SimulatorPage(person.Page);
        await phone.OpenAsync("(213) 555-0102", texting: "LBCDN · (562) 555-0100");
        await Expect(person.Page.Locator("[data-texting]")).ToHaveTextAsync("Texting LBCDN · (562) 555-0100");

        await phone.TextAsync("JOIN 90802");

        var ask = phone.Received("YES");
        await Expect(ask).ToContainTextAsync("LBCDN");
        await Expect(ask).Not.ToContainTextAsync("LA RRN");
        await phone.TextAsync("YES");
        await Expect(phone.Received("You'll get alerts for Long Beach")).ToBeVisibleAsync();
        Assert.Equal(["long-beach"], await SimulatedHomesAsync());
        await Expect(phone.Via).ToHaveTextAsync(["LBCDN · (562) 555-0100"]);

        // The same phone then texts the default number: the thread marks the change of number.
        await phone.OpenAsync("(213) 555-0102", texting: "Default number");
        await phone.TextAsync("HELP");
        await Expect(phone.Via).ToContainTextAsync(["LBCDN · (562) 555-0100", "Default number"]);
        await person.ScreenshotAsync("simulator-own-number");
        var problems = (await AxeCheck.SeriousAsync(person.Page)).Concat(await AxeCheck.HeadingJumpsAsync(person.Page)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(person.Errors);
    }

    [Fact]
    public async Task NumberToText_NotOffered_400AndNothingStored()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(NumberToText_NotOffered_400AndNothingStored));

        var response = await person.GoToAsync("/console/simulator?number=%2B12135550101&to=%2B14155550100");

        Assert.Equal(400, response.Status);
        await Expect(person.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("numbers offered");
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM simulator_messages"));
    }
}
