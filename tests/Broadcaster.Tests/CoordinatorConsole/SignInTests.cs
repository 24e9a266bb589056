using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task SignIn_WithCodeSentBySms_ShowsTheNetworkUntilSignOut()
    {
        var ana = await _w.OpenBrowserAsync(nameof(SignIn_WithCodeSentBySms_ShowsTheNetworkUntilSignOut));

        await ana.GoToAsync("/");
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await ana.ScreenshotAsync("sign-in");
        await ana.SignIn.AskForCodeAsync("(707) 555-0111");
        await Expect(ana.SignIn.Notice).ToContainTextAsync("a code is on its way");
        await ana.ScreenshotAsync("sign-in-code");
        await ana.SignIn.EnterCodeAsync(await _w.CodeSentToAsync(ConsoleWorld.AnaPhone));

        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console$"));
        await Expect(ana.Overview.Heading).ToHaveTextAsync("North Bay RRN");
        await Expect(ana.Page.GetByText("Signed in as Ana")).ToBeVisibleAsync();

        await ana.SignOutAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await ana.Overview.OpenAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task SignIn_UsedCode_DoesNotWorkTwice()
    {
        var ana = await _w.OpenBrowserAsync(nameof(SignIn_UsedCode_DoesNotWorkTwice));
        await ana.SignIn.OpenAsync();
        await ana.SignIn.AskForCodeAsync(ConsoleWorld.AnaPhone);
        var code = await _w.CodeSentToAsync(ConsoleWorld.AnaPhone);
        await ana.SignIn.EnterCodeAsync(code);
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console$"));

        var thief = await _w.OpenBrowserAsync(nameof(SignIn_UsedCode_DoesNotWorkTwice));
        await thief.SignIn.OpenAsync();
        await thief.SignIn.AskForCodeAsync(ConsoleWorld.AnaPhone);
        await thief.SignIn.EnterCodeAsync(code);

        await Expect(thief.SignIn.Error).ToContainTextAsync("Wrong code");
        await thief.Overview.OpenAsync();
        await Expect(thief.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task SignIn_WrongCodeFiveTimes_LockedUntilANewCode()
    {
        var ana = await _w.OpenBrowserAsync(nameof(SignIn_WrongCodeFiveTimes_LockedUntilANewCode));
        await ana.SignIn.OpenAsync();
        await ana.SignIn.AskForCodeAsync(ConsoleWorld.AnaPhone);
        var code = await _w.CodeSentToAsync(ConsoleWorld.AnaPhone);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await ana.SignIn.EnterCodeAsync(wrong);
            await Expect(ana.SignIn.Error).ToContainTextAsync("Wrong code, or no tries left on it");
        }
        await ana.SignIn.EnterCodeAsync(code);
        await Expect(ana.SignIn.Error).ToContainTextAsync("Wrong code, or no tries left on it");
        await ana.ScreenshotAsync("sign-in-locked");

        // Only a new code opens the console.
        await ana.SignIn.OpenAsync();
        await ana.SignIn.AskForCodeAsync(ConsoleWorld.AnaPhone);
        var fresh = await _w.CodeSentToAsync(ConsoleWorld.AnaPhone, nth: 2);
        await ana.SignIn.EnterCodeAsync(fresh);
        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console$"));
    }

    [Fact]
    public async Task SignIn_UnknownPhone_SameAnswerAndNothingSent()
    {
        var stranger = await _w.OpenBrowserAsync(nameof(SignIn_UnknownPhone_SameAnswerAndNothingSent));
        await stranger.SignIn.OpenAsync();

        await stranger.SignIn.AskForCodeAsync("+17075550177");
        await Expect(stranger.SignIn.Notice).ToContainTextAsync("a code is on its way");
        await stranger.SignIn.EnterCodeAsync("123456");

        await Expect(stranger.SignIn.Error).ToContainTextAsync("Wrong code");
        await _w.CodeJobsDoneAsync(1);
        Assert.Equal(0, _w.CodesSentTo("+17075550177"));
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

    [Fact]
    public async Task SignIn_WithApiKey_Overview()
    {
        var ana = await _w.SignedInAsync(nameof(SignIn_WithApiKey_Overview), _w.Ana.ApiKey);

        await Expect(ana.Overview.Heading).ToHaveTextAsync("North Bay RRN");
        await Expect(ana.Overview.CountyRow("Napa")).ToBeVisibleAsync();
        await ana.ScreenshotAsync("overview");
    }
}
