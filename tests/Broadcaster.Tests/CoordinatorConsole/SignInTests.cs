using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task SignIn_WithApiKey_ShowsTheNetworkUntilSignOut()
    {
        var ana = await _w.OpenBrowserAsync(nameof(SignIn_WithApiKey_ShowsTheNetworkUntilSignOut));

        await ana.GoToAsync("/");
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await ana.ScreenshotAsync("sign-in");
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);

        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console$"));
        await Expect(ana.Overview.Heading).ToHaveTextAsync("North Bay RRN");
        await Expect(ana.Page.GetByText("Signed in as Ana")).ToBeVisibleAsync();
        await Expect(ana.Overview.CountyRow("Napa")).ToBeVisibleAsync();
        await ana.ScreenshotAsync("overview");

        await ana.SignOutAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await ana.Overview.OpenAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task SignIn_WithWrongApiKey_SaysSoAndStaysOut()
    {
        var ana = await _w.OpenBrowserAsync(nameof(SignIn_WithWrongApiKey_SaysSoAndStaysOut));
        await ana.SignIn.OpenAsync();

        await ana.SignIn.WithApiKeyAsync("bk_not-a-real-key");

        await Expect(ana.SignIn.Error).ToHaveTextAsync("Unknown or revoked API key.");
        await ana.Overview.OpenAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }
}
