using System.Text.RegularExpressions;
using Broadcaster.Coordinators;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class TelegramSignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser, telegram: true);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task SignIn_WithCodeSentByTelegram_ShowsTheNetworkAndNoSmsGoesOut()
    {
        await _w.App.Get<CoordinatorStore>().AddAsync("north-bay", "Dana", null, ConsoleWorld.DanaTelegramId);
        var dana = await _w.OpenBrowserAsync(nameof(SignIn_WithCodeSentByTelegram_ShowsTheNetworkAndNoSmsGoesOut));

        await dana.SignIn.OpenAsync();
        await dana.SignIn.AskForCodeAsync(ConsoleWorld.DanaTelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture), telegram: true);
        await Expect(dana.SignIn.Notice).ToContainTextAsync("a code is on its way");
        var message = await Infrastructure.Eventually.HoldsAsync(
            () => Task.FromResult(_w.Telegram!.Sent.LastOrDefault(c => c.ChatId == ConsoleWorld.DanaTelegramId && c.Text?.Contains("sign-in code") == true)),
            m => m is not null, "a sign-in code on Telegram");
        await dana.SignIn.EnterCodeAsync(Regex.Match(message!.Text!, @"\b\d{6}\b").Value);

        await Expect(dana.Page).ToHaveURLAsync(new Regex("/console$"));
        await Expect(dana.Page.GetByText("Signed in as Dana")).ToBeVisibleAsync();
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.Body.Contains("sign-in code"));
    }
}
