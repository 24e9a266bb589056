using System.Net;
using Broadcaster.Networks;
using Broadcaster.Tests.SignUp;
using Broadcaster.Tests.Simulator;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole.SignUp;

[Collection(BrowserCollection.Name)]
public sealed class SignUpPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string DeepLink = "https://t.me/broadcaster_test_bot?start=los-angeles";
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await SimulatorWorld.StartAsync(https: true, telegram: true);
        await _w.App.Get<NetworkStore>().AddAsync("north-bay", "North Bay RRN", ["napa"], "+17075550100");
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private async Task<ConsoleBrowser> SignedInAsync(string test)
    {
        var ana = await _w.OpenBrowserAsync(browser.Browser, test);
        await ana.SignIn.OpenAsync();
        await ana.SignIn.WithApiKeyAsync(_w.AnaKey);
        await Expect(ana.Page.GetByText("Signed in as Ana")).ToBeVisibleAsync();
        return ana;
    }

    [Fact]
    public async Task Sheet_LosAngeles_EnglishAndSpanishInstructionsAndAQrCodeOfTheDeepLink()
    {
        var ana = await SignedInAsync(nameof(Sheet_LosAngeles_EnglishAndSpanishInstructionsAndAQrCodeOfTheDeepLink));
        await ana.GoToAsync("/console/signup");
        await ana.ScreenshotAsync("signup-list");
        await ana.Page.GetByRole(AriaRole.Link, new() { Name = "Los Angeles" }).ClickAsync();

        var english = ana.Page.Locator("article[lang=en]");
        await Expect(english).ToContainTextAsync("Text JOIN LOS ANGELES to (213) 555-0100, then reply YES to confirm.");
        await Expect(english).ToContainTextAsync("Msg frequency varies. Msg & data rates may apply.");
        await Expect(english).ToContainTextAsync("Reply HELP for help, STOP to cancel.");
        await Expect(english).ToContainTextAsync(DeepLink);
        var spanish = ana.Page.Locator("article[lang=es]");
        await Expect(spanish).ToContainTextAsync("Envíe UNIRME LOS ANGELES al (213) 555-0100");
        await Expect(spanish).ToContainTextAsync("Responda AYUDA para obtener ayuda, ALTO para cancelar.");
        // The QR image the page shows has loaded (naturalWidth > 0) and is the code of the county's deep link.
        await Expect(english.Locator("img.qr")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await english.Locator("img.qr").EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await ana.ScreenshotAsync("signup-sheet");

        var png = await ana.Context.APIRequest.GetAsync("/console/signup/los-angeles/qr.png");
        Assert.Equal(200, png.Status);
        Assert.Equal("image/png", png.Headers["content-type"]);
        Assert.Equal(DeepLink, QrDecoder.Decode(await png.BodyAsync()));
        foreach (var svg in new[] { "qr.svg", "sheet.svg" })
        {
            var answer = await ana.Context.APIRequest.GetAsync($"/console/signup/los-angeles/{svg}");
            Assert.Equal(200, answer.Status);
            Assert.StartsWith("image/svg+xml", answer.Headers["content-type"]);
            Assert.Contains("<svg", await answer.TextAsync());
        }
        Assert.Contains("Reply HELP for help, STOP to cancel.", await (await ana.Context.APIRequest.GetAsync("/console/signup/los-angeles/sheet.svg")).TextAsync());
        Assert.Empty(ana.Errors);
    }

    [Fact]
    public async Task Sheet_PrintsTheNetworksPublicPages_ThePrivacyLinkOpensThePolicy()
    {
        var ana = await SignedInAsync(nameof(Sheet_PrintsTheNetworksPublicPages_ThePrivacyLinkOpensThePolicy));
        await ana.GoToAsync("/console/signup/los-angeles");
        // A printed sheet names the service's public address (Twilio:PublicUrl), never the one the console was opened at.
        var site = _w.App.Get<IOptions<TwilioOptions>>().Value.PublicUrl!.TrimEnd('/');

        var english = ana.Page.Locator("article[lang=en]");
        await Expect(english).ToContainTextAsync($"About this service: {site}/n/la-rrn");
        await Expect(english).ToContainTextAsync($"Privacy policy and SMS terms: {site}/n/la-rrn/privacy");
        await Expect(ana.Page.Locator("article[lang=es]")).ToContainTextAsync($"Privacidad y condiciones de SMS: {site}/n/la-rrn/privacy");
        Assert.Contains($"{site}/n/la-rrn/privacy", await (await ana.Context.APIRequest.GetAsync("/console/signup/los-angeles/sheet.svg")).TextAsync());
        var printed = await english.GetByRole(AriaRole.Link, new() { Name = $"{site}/n/la-rrn/privacy" }).GetAttributeAsync("href");
        var policy = await ana.Context.APIRequest.GetAsync(new Uri(printed!).PathAndQuery);
        Assert.Equal(200, policy.Status);
        Assert.Contains("never shared with third parties", await policy.TextAsync());
        Assert.Empty(ana.Errors);
    }

    /// <summary>The areas the one simulated subscriber of a test is at home in.</summary>
    private Task<List<string>> SimulatedHomesAsync() => _w.Db.QueryAsync<string>("""
        SELECT a.slug FROM subscriptions s JOIN areas a ON a.id = s.area_id
        WHERE s.status = 'active' AND s.subscriber_id = (SELECT id FROM subscribers WHERE simulated AND status = 'active')
        ORDER BY a.slug
        """);

    [Fact]
    public async Task Sheet_CityArea_TheWordsOnItJoinThatAreaAndItsQrHoldsTheAreasDeepLink()
    {
        await _w.App.Get<AreaStore>().AddAsync("la-rrn", "long-beach", "Long Beach", [], ["90802", "90803"]);
        var ana = await SignedInAsync(nameof(Sheet_CityArea_TheWordsOnItJoinThatAreaAndItsQrHoldsTheAreasDeepLink));
        await ana.GoToAsync("/console/signup");
        await Expect(ana.Page.GetByRole(AriaRole.Heading, new() { Name = "Los Angeles County" })).ToBeVisibleAsync();
        await ana.ScreenshotAsync("signup-list-areas");

        await ana.Page.GetByRole(AriaRole.Link, new() { Name = "Long Beach" }).ClickAsync();

        await Expect(ana.Page.Locator("article[lang=en] h1")).ToHaveTextAsync("LA RRN alerts: Long Beach");
        await Expect(ana.Page.Locator("article[lang=en]")).ToContainTextAsync("Text JOIN LONG BEACH to (213) 555-0100, then reply YES to confirm.");
        await Expect(ana.Page.Locator("article[lang=es]")).ToContainTextAsync("Envíe UNIRME LONG BEACH al (213) 555-0100");
        await Expect(ana.Page.Locator("article[lang=es] h1")).ToHaveTextAsync("Alertas de LA RRN: Long Beach");
        await ana.ScreenshotAsync("signup-sheet-area");
        var png = await ana.Context.APIRequest.GetAsync("/console/signup/long-beach/qr.png");
        Assert.Equal("https://t.me/broadcaster_test_bot?start=long-beach", QrDecoder.Decode(await png.BodyAsync()));

        await _w.SimulateAsync("+12135550101", "JOIN LONG BEACH");
        await _w.SimulateAsync("+12135550101", "YES");
        Assert.Equal(["long-beach"], await SimulatedHomesAsync());
    }

    [Fact]
    public async Task Sheet_CountyWhereAnotherNetworkServesACity_WordsAreTheSlugAndJoinOnlyTheCounty()
    {
        // "JOIN LOS ANGELES" at the default number would now offer both networks: the sheet prints the area's slug.
        await _w.App.Get<NetworkStore>().AddAsync("lbcdn", "LBCDN", [], null);
        await _w.App.Get<AreaStore>().AddAsync("lbcdn", "long-beach", "Long Beach", [], ["90802", "90803"]);
        var ana = await SignedInAsync(nameof(Sheet_CountyWhereAnotherNetworkServesACity_WordsAreTheSlugAndJoinOnlyTheCounty));

        await ana.GoToAsync("/console/signup/los-angeles");

        await Expect(ana.Page.Locator("article[lang=en]")).ToContainTextAsync("Text JOIN LOS-ANGELES to (213) 555-0100");
        await Expect(ana.Page.Locator("article[lang=en] h1")).ToHaveTextAsync("LA RRN alerts: Los Angeles County");
        await Expect(ana.Page.Locator("article[lang=en]")).ToContainTextAsync(DeepLink);
        await _w.SimulateAsync("+12135550102", "JOIN LOS-ANGELES");
        await _w.SimulateAsync("+12135550102", "YES");
        Assert.Equal(["los-angeles"], await SimulatedHomesAsync());
    }

    [Theory]
    [InlineData("/console/signup/long-beach")]
    [InlineData("/console/signup/long-beach/qr.png")]
    public async Task Sheet_AnotherNetworksAreaInsideOurCounty_403(string path)
    {
        await _w.App.Get<NetworkStore>().AddAsync("lbcdn", "LBCDN", [], null);
        await _w.App.Get<AreaStore>().AddAsync("lbcdn", "long-beach", "Long Beach", [], ["90802", "90803"]);
        var ana = await SignedInAsync(nameof(Sheet_AnotherNetworksAreaInsideOurCounty_403));

        var answer = await ana.Context.APIRequest.GetAsync(path);

        Assert.Equal((int)HttpStatusCode.Forbidden, answer.Status);
    }

    [Theory]
    [InlineData("/console/signup/napa")]
    [InlineData("/console/signup/napa/qr.png")]
    [InlineData("/console/signup/napa/sheet.svg")]
    public async Task Sheet_AnotherNetworksCounty_403(string path)
    {
        var ana = await SignedInAsync(nameof(Sheet_AnotherNetworksCounty_403));

        var answer = await ana.Context.APIRequest.GetAsync(path);

        Assert.Equal((int)HttpStatusCode.Forbidden, answer.Status);
    }

    [Theory]
    [InlineData("/console/signup/atlantis")]
    [InlineData("/console/signup/los-angeles/qr.gif")]
    public async Task Sheet_UnknownCountyOrFile_404(string path)
    {
        var ana = await SignedInAsync(nameof(Sheet_UnknownCountyOrFile_404));

        var answer = await ana.Context.APIRequest.GetAsync(path);

        Assert.Equal((int)HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task Sheet_SignedOut_SentToSignIn()
    {
        var stranger = await _w.OpenBrowserAsync(browser.Browser, nameof(Sheet_SignedOut_SentToSignIn));

        await stranger.GoToAsync("/console/signup/los-angeles");

        await Expect(stranger.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
    }
}
