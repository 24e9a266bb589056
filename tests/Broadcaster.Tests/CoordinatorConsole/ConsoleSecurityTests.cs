using System.Text.RegularExpressions;
using Broadcaster.CoordinatorConsole;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

[Collection(BrowserCollection.Name)]
public sealed class ConsoleSecurityTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task ConsolePages_StrictCspAndNoViolations()
    {
        var ana = await _w.OpenBrowserAsync(nameof(ConsolePages_StrictCspAndNoViolations));

        var signIn = await ana.GoToAsync("/console/sign-in");
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);
        var overview = await ana.GoToAsync("/console");

        foreach (var response in new[] { signIn, overview })
        {
            var headers = await response.AllHeadersAsync();
            Assert.Equal(SecurityHeaders.Policy, headers["content-security-policy"]);
            Assert.Contains("default-src 'self'", headers["content-security-policy"]);
            Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
        }
        Assert.Empty(ana.Errors);
    }

    [Fact]
    public async Task SessionCookie_HttpOnlyStrictSecure()
    {
        var ana = await _w.SignedInAsync(nameof(SessionCookie_HttpOnlyStrictSecure), _w.Ana.ApiKey);

        var session = Assert.Single(await ana.Context.CookiesAsync(), c => c.Name == "broadcaster.console");

        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, session.SameSite);
        var hours = (DateTimeOffset.FromUnixTimeSeconds((long)session.Expires) - DateTimeOffset.UtcNow).TotalHours;
        Assert.True(hours is > 11 and < 12.1, $"the session cookie lasts {hours:0.00} h (expires {session.Expires})");
    }

    [Fact]
    public async Task ForgedPost_WithoutAntiforgeryToken_RefusedAndSessionKept()
    {
        var ana = await _w.OpenBrowserAsync(nameof(ForgedPost_WithoutAntiforgeryToken_RefusedAndSessionKept));
        await ana.SignIn.OpenAsync();
        await ana.SignIn.WithApiKeyAsync(_w.Ana.ApiKey);

        var forged = await ana.ForgedPostAsync("/console/sign-out");

        Assert.Equal(400, forged.Status);
        await ana.Overview.OpenAsync();
        await Expect(ana.Overview.Heading).ToHaveTextAsync("North Bay RRN");
    }

    [Fact]
    public async Task Language_FromAcceptLanguageThenPicked_SpanishThenEnglish()
    {
        var ana = await _w.OpenBrowserAsync(nameof(Language_FromAcceptLanguageThenPicked_SpanishThenEnglish), "es-MX,es;q=0.9,en;q=0.5");

        await ana.SignIn.OpenAsync();
        await Expect(ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Inicia sesión con un código" })).ToBeVisibleAsync();
        await ana.ScreenshotAsync("sign-in-es");
        await ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(ana.Page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await Expect(ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Sign in with a code" })).ToBeVisibleAsync();
    }
}
