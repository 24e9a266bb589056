using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Broadcaster.Channels.Sms;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Simulator;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.CoordinatorConsole;
using Microsoft.Playwright;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Simulator;

/// <summary>
/// The whole service (web and Hangfire workers) in Development with the simulator on and Twilio pointed at a fake: network
/// "LA RRN" (Los Angeles, Orange) with coordinators Ana and Ben, whose phones are real as far as the service knows.
/// </summary>
public sealed class SimulatorWorld : IAsyncDisposable
{
    public const string AnaPhone = "+12135550111";
    public const string BenPhone = "+12135550122";
    /// <summary>A subscriber's own phone (it texts through Twilio, not the simulator).</summary>
    public const string RealPhone = "+12135550150";

    private readonly List<IBrowserContext> _contexts = [];

    private SimulatorWorld(TestDatabase db, FakeTwilio twilio, FakeTelegram? telegram, TestApp app) =>
        (Db, Twilio, Telegram, App) = (db, twilio, telegram, app);

    public TestDatabase Db { get; }
    public FakeTwilio Twilio { get; }
    public FakeTelegram? Telegram { get; }
    public TestApp App { get; }
    public Network Network { get; private set; } = null!;
    public (Coordinator Coordinator, HttpClient Http) Ana { get; private set; }
    public (Coordinator Coordinator, HttpClient Http) Ben { get; private set; }

    /// <param name="https">Serve HTTPS, as the browser tests need (the console's cookies are Secure).</param>
    /// <param name="telegram">Also a fake Bot API (the sign-up sheets' deep links need the bot's username).</param>
    public static async Task<SimulatorWorld> StartAsync(IDictionary<string, string?>? settings = null, bool https = false, bool telegram = false)
    {
        var db = await TestDatabase.CreateAsync();
        var twilio = await FakeTwilio.StartAsync();
        var bot = telegram ? await FakeTelegram.StartAsync() : null;
        var all = twilio.Settings;
        all["Twilio:MessagesPerSecond"] = "100";
        all["Delivery:RetryBaseDelay"] = "00:00:00.200";
        all["Broadcaster:Simulator"] = "true";
        foreach (var (k, v) in bot is null ? [] : TelegramTestbed.Settings(bot))
            all[k] = v;
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            all[k] = v;
        // The simulator runs only in Development.
        var app = await TestApp.StartAsync(db, all, https: https, environment: "Development");
        var world = new SimulatorWorld(db, twilio, bot, app);
        world.Network = await app.Get<NetworkStore>().AddAsync("la-rrn", "LA RRN", ["los-angeles", "orange"], "+12135550190");
        world.Ana = await world.CoordinatorAsync("Ana", AnaPhone);
        world.Ben = await world.CoordinatorAsync("Ben", BenPhone);
        return world;
    }

    public string AnaKey { get; private set; } = "";
    public string BenKey { get; private set; } = "";

    private async Task<(Coordinator, HttpClient)> CoordinatorAsync(string name, string phone)
    {
        var (coordinator, key) = await App.Get<CoordinatorStore>().AddAsync("la-rrn", name, phone, null);
        if (name == "Ana")
            AnaKey = key;
        else
            BenKey = key;
        var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            BaseAddress = App.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (coordinator, http);
    }

    /// <summary>A fresh browser context (its own cookies) at a phone's width; <paramref name="bypassCsp"/> for axe-core.</summary>
    public async Task<ConsoleBrowser> OpenBrowserAsync(IBrowser browser, string test, bool bypassCsp = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            BaseURL = App.BaseAddress.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "en-US,en;q=0.9" },
        });
        _contexts.Add(context);
        return new ConsoleBrowser(context, await context.NewPageAsync(), test);
    }

    /// <summary>Texts from a simulated phone, the way the simulator page does.</summary>
    public Task SimulateAsync(string number, string body) => App.Get<SimulatorThread>().TextAsync(number, body);

    public Task<IReadOnlyList<SimulatorMessage>> ThreadAsync(string number) => App.Get<SimulatorStore>().ThreadAsync(number);

    /// <summary>Texts from a real phone: a signed Twilio webhook. Returns the TwiML reply's text.</summary>
    public async Task<string?> TextThroughTwilioAsync(string from, string body)
    {
        using var request = TwilioSigner.SignedPost(SmsWebhook.Path, SmsTestbed.Form(from, body));
        using var response = await App.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Message")?.Value;
    }

    /// <summary>Ana drafts (through the API), Ben verifies: returns the alert id.</summary>
    public async Task<long> DraftAndVerifyAsync(string en, bool drill = false, string county = "los-angeles")
    {
        var created = await Ana.Http.PostAsJsonAsync("/api/alerts", new { counties = new[] { county }, texts = new { en }, drill });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var verified = await Ben.Http.PostAsync($"/api/alerts/{id}/verify", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, verified.StatusCode);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.DisposeAsync();
        Ana.Http?.Dispose();
        Ben.Http?.Dispose();
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
        if (Telegram is not null)
            await Telegram.DisposeAsync();
        await Db.DisposeAsync();
    }
}
