using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// The real service (Hangfire included) on a fresh database, sending SMS through the real Twilio SDK to a
/// <see cref="FakeTwilio"/>: North Bay (napa, sonoma) with coordinators Ana (admin) and Ben, San Diego with Cruz (admin).
/// </summary>
public sealed class ConsoleWorld : IAsyncDisposable
{
    public const string AnaPhone = "+17075550111";
    public const string BenPhone = "+17075550122";
    public const string CruzPhone = "+16195550133";
    public const long DanaTelegramId = 5550144;

    private readonly IBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];

    private ConsoleWorld(IBrowser browser, TestDatabase db, FakeTwilio twilio, FakeTelegram? telegram, TestApp app) =>
        (_browser, Db, Twilio, Telegram, App) = (browser, db, twilio, telegram, app);

    public TestDatabase Db { get; }
    public FakeTwilio Twilio { get; }
    /// <summary>The fake Bot API, when the world was started with Telegram on.</summary>
    public FakeTelegram? Telegram { get; }
    public TestApp App { get; }
    public Network NorthBay { get; private set; } = null!;
    public (Coordinator Coordinator, string ApiKey) Ana { get; private set; }
    public (Coordinator Coordinator, string ApiKey) Ben { get; private set; }
    public (Coordinator Coordinator, string ApiKey) Cruz { get; private set; }

    /// <param name="environment">"Development" for pages that exist only there (the simulator).</param>
    public static async Task<ConsoleWorld> StartAsync(IBrowser browser, bool telegram = false, IDictionary<string, string>? extra = null, string environment = "Testing")
    {
        var db = await TestDatabase.CreateAsync();
        var twilio = await FakeTwilio.StartAsync();
        var settings = twilio.Settings;
        settings["Twilio:MessagesPerSecond"] = "100";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        var bot = telegram ? await FakeTelegram.StartAsync() : null;
        if (bot is not null)
            foreach (var (key, value) in TelegramTestbed.Settings(bot))
                settings[key] = value;
        var world = new ConsoleWorld(browser, db, twilio, bot, await TestApp.StartAsync(db, settings, https: true, environment: environment));
        var networks = world.App.Get<NetworkStore>();
        world.NorthBay = await networks.AddAsync("north-bay", "North Bay RRN", ["napa", "sonoma"], "+17075550100");
        await networks.AddAsync("san-diego", "San Diego RRN", ["san-diego"], "+16195550100");
        var coordinators = world.App.Get<CoordinatorStore>();
        world.Ana = await coordinators.AddAsync("north-bay", "Ana", AnaPhone, null, isAdmin: true);
        world.Ben = await coordinators.AddAsync("north-bay", "Ben", BenPhone, null);
        world.Cruz = await coordinators.AddAsync("san-diego", "Cruz", CruzPhone, null, isAdmin: true);
        return world;
    }

    /// <summary>A fresh browser context (its own cookies), as a second person on their own phone.</summary>
    /// <param name="bypassCsp">Lets a test inject axe-core (the console's CSP refuses any script it does not serve).</param>
    public async Task<ConsoleBrowser> OpenBrowserAsync(string test, string? acceptLanguage = "en-US,en;q=0.9", bool javaScript = true, bool bypassCsp = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            BaseURL = App.BaseAddress.ToString(),
            IgnoreHTTPSErrors = true,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            ExtraHTTPHeaders = acceptLanguage is null ? null : new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
        });
        _contexts.Add(context);
        return new ConsoleBrowser(context, await context.NewPageAsync(), test);
    }

    /// <summary>The code in the last sign-in message the fake Twilio accepted for this number (waits for the first one).</summary>
    public string LastCodeSentTo(string phone)
    {
        CodeSentToAsync(phone).GetAwaiter().GetResult();
        return Code(Twilio.Accepted.Last(m => m.To == phone && m.Body.Contains("sign-in code")).Body);
    }

    /// <summary>The code of the <paramref name="nth"/> sign-in message to this number, once the background job sent it.</summary>
    public async Task<string> CodeSentToAsync(string phone, int nth = 1)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(CodesSentTo(phone)), n => n >= nth, $"sign-in code #{nth} sent to {phone}");
        return Code(Twilio.Accepted.Where(m => m.To == phone && m.Body.Contains("sign-in code")).ElementAt(nth - 1).Body);
    }

    private static string Code(string body) => System.Text.RegularExpressions.Regex.Match(body, @"\b\d{6}\b").Value;

    /// <summary>Waits until every queued sign-in code job has run (sent a code or decided not to).</summary>
    public Task CodeJobsDoneAsync(int count) => Eventually.HoldsAsync(
        () => Db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%CodeSignIn%' AND statename IN ('Succeeded', 'Failed')"),
        n => n >= count, $"{count} sign-in code jobs done");

    /// <summary>The API key in the last "your new API key" message to this phone (sent to the coordinator, never shown to an admin).</summary>
    public async Task<string> KeySentToAsync(string phone, int nth = 1)
    {
        bool IsKey((string Sid, string To, string Body) m) => m.To == phone && m.Body.Contains("your new API key");
        await Eventually.HoldsAsync(() => Task.FromResult(Twilio.Accepted.Count(IsKey)), n => n >= nth, $"API key #{nth} sent to {phone}");
        return System.Text.RegularExpressions.Regex.Match(Twilio.Accepted.Where(IsKey).ElementAt(nth - 1).Body, @"bk_[A-Za-z0-9_-]+").Value;
    }

    public int CodesSentTo(string phone) => Twilio.Accepted.Count(m => m.To == phone && m.Body.Contains("sign-in code"));

    private int _subscribers;

    /// <summary>Active subscribers (fictional 555 numbers) stored as the service stores them; returns their numbers.</summary>
    public async Task<List<string>> AddSmsSubscribersAsync(string county, string language, int count)
    {
        var protector = App.Get<Broadcaster.Privacy.AddressProtector>();
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var number = $"+1415555{Interlocked.Increment(ref _subscribers):0000}";
            var p = protector.Protect("sms", number);
            await Db.ExecuteAsync("""
                WITH s AS (
                    INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
                    VALUES ('sms', @index, @cipher, @keyId, @language, 'active') RETURNING id)
                INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT id, (SELECT id FROM areas WHERE slug = @county), 'active' FROM s
                """, new { index = p.Index, cipher = p.Cipher, keyId = p.KeyId, language, county });
            numbers.Add(number);
        }
        return numbers;
    }

    /// <summary>Opens a browser and signs in with the API key.</summary>
    public async Task<ConsoleBrowser> SignedInAsync(string test, string apiKey, string? acceptLanguage = "en-US,en;q=0.9", bool bypassCsp = false)
    {
        var browser = await OpenBrowserAsync(test, acceptLanguage, bypassCsp: bypassCsp);
        await browser.SignIn.OpenAsync();
        await browser.SignIn.WithApiKeyAsync(apiKey);
        await Microsoft.Playwright.Assertions.Expect(browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console$"));
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.DisposeAsync();
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
        if (Telegram is not null)
            await Telegram.DisposeAsync();
        await Db.DisposeAsync();
    }
}
