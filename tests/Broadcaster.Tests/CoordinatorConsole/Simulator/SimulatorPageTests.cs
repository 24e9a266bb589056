using System.Net;
using Broadcaster.Tests.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole.Simulator;

[Collection(BrowserCollection.Name)]
public sealed class SimulatorPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Phone = "+12135550101";
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync() => _w = await SimulatorWorld.StartAsync(https: true);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task JoinThenYes_InTheBrowser_WelcomeShownAndVerifiedAlertArrivesWithoutReload()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(JoinThenYes_InTheBrowser_WelcomeShownAndVerifiedAlertArrivesWithoutReload));
        var phone = new SimulatorPage(person.Page);
        await phone.OpenAsync("(213) 555-0101");

        await phone.TextAsync("JOIN LA");
        await Expect(phone.Received("Reply YES to confirm")).ToBeVisibleAsync();
        await phone.TextAsync("YES");
        await Expect(phone.Received("You'll get alerts for Los Angeles")).ToBeVisibleAsync();
        await Expect(phone.Received("Reply HELP for help, STOP to cancel.")).ToBeVisibleAsync();

        var id = await _w.DraftAndVerifyAsync("ICE checkpoint at 1st and Main.");
        await Expect(phone.Received($"VERIFIED ALERT #{id}")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(phone.Received("ICE checkpoint at 1st and Main.")).ToBeVisibleAsync();
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == Phone);
        await person.ScreenshotAsync("simulator");
        Assert.Empty(person.Errors);
    }

    [Fact]
    public async Task Stop_InTheBrowser_OneConfirmationAndTheNumberIsErased()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(Stop_InTheBrowser_OneConfirmationAndTheNumberIsErased));
        var phone = new SimulatorPage(person.Page);
        await phone.OpenAsync(Phone);
        await phone.TextAsync("JOIN LA");
        await phone.TextAsync("YES");

        await phone.TextAsync("STOP");

        await Expect(phone.Received("unsubscribed")).ToBeVisibleAsync();
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
    }

    [Fact]
    public async Task Open_NotAFictionalNumber_400WithAHintAndNothingStored()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(Open_NotAFictionalNumber_400WithAHintAndNothingStored));

        var response = await person.GoToAsync("/console/simulator?number=%2B14155551234");

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        await Expect(person.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("555-0100 to 555-0199");
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM simulator_messages"));
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_RefusedAndNothingSent()
    {
        var person = await _w.OpenBrowserAsync(browser.Browser, nameof(Post_WithoutAntiforgeryToken_RefusedAndNothingSent));
        await person.GoToAsync("/console/simulator");

        var forged = await person.ForgedPostAsync("/console/simulator", new() { ["number"] = Phone, ["body"] = "JOIN LA" });

        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers"));
    }
}

public sealed class SimulatorOffTests : IAsyncLifetime
{
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync() => _w = await SimulatorWorld.StartAsync(new Dictionary<string, string?> { ["Broadcaster:Simulator"] = "false" });

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Theory]
    [InlineData("/console/simulator")]
    [InlineData("/console/simulator?number=%2B12135550101")]
    [InlineData("/console/simulator?handler=Thread&number=%2B12135550101")]
    public async Task Simulator_OptionOff_404(string path)
    {
        using var response = await _w.App.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
