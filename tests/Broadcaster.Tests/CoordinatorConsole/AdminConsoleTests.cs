using System.Text.RegularExpressions;
using Broadcaster.Coordinators;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class AdminConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Admin_AddsACoordinator_KeySentToThemAndItSignsIn()
    {
        const string test = nameof(Admin_AddsACoordinator_KeySentToThemAndItSignsIn);
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.Coordinators.OpenAsync();
        await ana.Coordinators.AddAsync("Dee", phone: "+1 707 555 0144");

        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Dee was added. Their API key was sent to their own phone or Telegram.");
        var key = await _w.KeySentToAsync("+17075550144");
        await Expect(ana.Coordinators.Row("Dee")).ToContainTextAsync("+1******0144");
        await ana.ScreenshotAsync("coordinators");

        var dee = await _w.SignedInAsync(test, key);
        await Expect(dee.Page.GetByText("Signed in as Dee")).ToBeVisibleAsync();
        await Expect(dee.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Coordinators" })).ToHaveCountAsync(0);
        Assert.Equal(403, (await dee.Coordinators.OpenAsync()).Status);
    }

    [Fact]
    public async Task Admin_NoPhoneNorTelegram_SaysWhyAndAddsNobody()
    {
        var ana = await _w.SignedInAsync(nameof(Admin_NoPhoneNorTelegram_SaysWhyAndAddsNobody), _w.Ana.ApiKey);
        await ana.Coordinators.OpenAsync();

        await ana.Coordinators.AddAsync("Eve");

        await Expect(ana.Coordinators.Error).ToContainTextAsync("phone number or a Telegram user id");
        Assert.Equal(3L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM coordinators"));
    }

    [Fact]
    public async Task Admin_NewKeyThenRevoke_OldKeyAndOpenSessionStopWorking()
    {
        const string test = nameof(Admin_NewKeyThenRevoke_OldKeyAndOpenSessionStopWorking);
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.Coordinators.OpenAsync();

        await ana.Coordinators.NewKeyAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("New API key sent to that coordinator's own phone or Telegram");
        var newKey = await _w.KeySentToAsync(ConsoleWorld.BenPhone);
        var ben = await _w.SignedInAsync(test, newKey);
        var store = _w.App.Get<CoordinatorStore>();
        Assert.Null(await store.FindByApiKeyAsync(_w.Ben.ApiKey));
        Assert.Equal("Ben", (await store.FindByApiKeyAsync(newKey))?.Name);

        await ana.Coordinators.RevokeAsync("Ben");
        await Expect(ana.Coordinators.Notice).ToContainTextAsync("Revoked");
        await Expect(ana.Coordinators.Row("Ben")).ToContainTextAsync("revoked");

        await ben.Overview.OpenAsync();
        await Expect(ben.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        Assert.Null(await store.FindByApiKeyAsync(newKey));
    }
}
