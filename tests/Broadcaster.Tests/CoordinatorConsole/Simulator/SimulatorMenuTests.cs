using Broadcaster.Networks;
using Broadcaster.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole.Simulator;

/// <summary>
/// Long Beach is served by two networks: LA RRN (all of Los Angeles County) and LBCDN (Long Beach's ZIP codes). At the
/// default number a Long Beach ZIP gets a numbered menu of both; the answer picks, then YES confirms as usual.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulatorMenuTests(BrowserFixture browser) : IAsyncLifetime
{
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await SimulatorWorld.StartAsync(https: true);
        await _w.App.Get<NetworkStore>().AddAsync("lbcdn", "LBCDN", [], null);
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
}
