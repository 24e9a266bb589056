using System.Net;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.PublicPages;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.CoordinatorConsole;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.PublicPages;

/// <summary>
/// /n/&lt;network&gt; and /n/&lt;network&gt;/privacy as a resident or a carrier's reviewer sees them, on a 360-px phone, in
/// every catalog language: how to join, the carrier clauses, and nothing of a coordinator or another network.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Coordinator = "Zoraida Quintero";
    private TestDatabase _db = null!;
    private FakeTelegram _telegram = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _telegram = await FakeTelegram.StartAsync();
        _app = await TestApp.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Twilio:From"] = "+12135550100",
            ["Telegram:BotToken"] = FakeTelegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseAddress.ToString(),
        });
        var networks = _app.Get<NetworkStore>();
        await networks.AddAsync("la-rrn", "LA Rapid Response", ["los-angeles", "orange"], "+12135550199");
        await networks.AddAsync("north-bay", "North Bay RRN", ["napa"], "+17075550177");
        await _app.Get<CoordinatorStore>().AddAsync("la-rrn", Coordinator, "+12135550111", 4242);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> PhoneAsync(string? acceptLanguage = null)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new() { Width = 360, Height = 740 },
            Locale = acceptLanguage,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        return (context, page, errors);
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder(nameof(PublicPagesTests)), $"{name}-360.png"), FullPage = true });

    [Fact]
    public async Task JoinAndPrivacyPages_EveryLanguage_CarrierClausesPresent_NoCoordinatorOrOtherNetwork()
    {
        var (context, page, errors) = await PhoneAsync();
        foreach (var code in Language.Supported)
        {
            var t = PublicTexts.For(code);
            var words = Catalog.For(code).Words;
            await page.GotoAsync($"/n/la-rrn?lang={code}");
            Assert.Equal(code, await page.Locator("html").GetAttributeAsync("lang"));
            var body = page.Locator("body");
            await Expect(body).ToContainTextAsync(Catalog.For(code).Raw("rates"));
            await Expect(body).ToContainTextAsync(t.Text("helpStop"));
            await Expect(body).ToContainTextAsync(t.Text("sms.how", new Dictionary<string, string> { ["number"] = "(213) 555-0100" }));
            await Expect(body).ToContainTextAsync($"{words.Join} LOS ANGELES");
            await Expect(body).ToContainTextAsync($"{words.Join} ORANGE");
            await Expect(body).ToContainTextAsync("(213) 555-0199");
            await Expect(body).ToContainTextAsync("https://t.me/broadcaster_test_bot?start=los-angeles");
            foreach (var qr in await page.Locator("img.qr").AllAsync())
                Assert.True(await qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, "a QR code did not load");
            await AbsentAsync(page);
            await ScreenshotAsync(page, $"join-{code}");

            await page.GetByRole(AriaRole.Link, new() { Name = t["privacy.link"] }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/n/la-rrn/privacy\\?lang={code}$"));
            await Expect(body).ToContainTextAsync(t["privacy.share.body"]);
            await Expect(body).ToContainTextAsync(t.Text("privacy.kept.deliveries", new Dictionary<string, string> { ["days"] = "7" }));
            await Expect(body).ToContainTextAsync(t.Text("privacy.optout.body", new Dictionary<string, string> { ["number"] = "(213) 555-0100" }));
            await Expect(body).ToContainTextAsync(Catalog.For(code).Raw("rates"));
            await AbsentAsync(page);
            await ScreenshotAsync(page, $"privacy-{code}");
        }
        // English, word for word, as carriers' reviewers look for it.
        await page.GotoAsync("/n/la-rrn/privacy?lang=en");
        await Expect(page.Locator("body")).ToContainTextAsync("Mobile numbers and opt-in data are never shared with third parties or affiliates, and never used for marketing.");
        await Expect(page.Locator("body")).ToContainTextAsync("Msg frequency varies. Msg & data rates may apply. Text HELP for help, STOP to cancel.");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await context.CloseAsync();
    }

    private static async Task AbsentAsync(IPage page)
    {
        var html = await page.ContentAsync();
        foreach (var absent in new[] { Coordinator, "555-0111", "5550111", "North Bay", "Napa", "555-0177" })
            Assert.DoesNotContain(absent, html);
    }

    [Fact]
    public async Task JoinPage_BrowserAsksForSpanish_SpanishWithoutAQueryAndVaryHeader()
    {
        var (context, page, _) = await PhoneAsync("es-MX");
        var answer = await page.GotoAsync("/n/la-rrn");
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        await Expect(page.Locator("body")).ToContainTextAsync("Envíe AYUDA para obtener ayuda.");
        Assert.Contains("Accept-Language", answer!.Headers["vary"]);
        Assert.Contains("default-src 'none'", answer.Headers["content-security-policy"]);
        await context.CloseAsync();
    }

    [Fact]
    public async Task JoinPage_ACityNetworkInsideTheCounty_EachKeywordJoinsExactlyItsAreaAtTheNumberPrinted()
    {
        // At the default number "JOIN LOS ANGELES" would now offer both networks (a menu): the page prints the slug.
        await _app.Get<NetworkStore>().AddAsync("lbcdn", "Long Beach CDN", [], null);
        await _app.Get<AreaStore>().AddAsync("lbcdn", "long-beach", "Long Beach", [], ["90802", "90803"]);
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };

        var county = await http.GetStringAsync("/n/la-rrn?lang=en");
        var city = await http.GetStringAsync("/n/lbcdn?lang=en");

        Assert.Contains("JOIN LOS-ANGELES", county);
        Assert.DoesNotContain("JOIN LOS ANGELES", county);
        Assert.Contains("JOIN ORANGE", county);
        Assert.Contains("JOIN LONG BEACH", city);
    }

    [Theory]
    [InlineData("/n/no-such-network")]
    [InlineData("/n/no-such-network/privacy")]
    [InlineData("/n/la-rrn/qr/napa.svg")]
    [InlineData("/n/la-rrn/alerts.atom")]
    [InlineData("/n/la-rrn/alerts/1.cap")]
    [InlineData("/n/la-rrn/alerts/x.cap")]
    public async Task PublicRoutes_UnknownOrOff_404(string path)
    {
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
    }
}
