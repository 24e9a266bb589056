using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Broadcaster.Channels.Sms;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Simulator;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Simulator;

/// <summary>
/// The whole service (web and Hangfire workers) with the simulator on and Twilio pointed at a fake: network
/// "LA RRN" (Los Angeles, Orange) with coordinators Ana and Ben, whose phones are real as far as the service knows.
/// </summary>
public sealed class SimulatorWorld : IAsyncDisposable
{
    public const string AnaPhone = "+12135550111";
    public const string BenPhone = "+12135550122";
    /// <summary>A subscriber's own phone (it texts through Twilio, not the simulator).</summary>
    public const string RealPhone = "+12135550150";

    private SimulatorWorld(TestDatabase db, FakeTwilio twilio, TestApp app) => (Db, Twilio, App) = (db, twilio, app);

    public TestDatabase Db { get; }
    public FakeTwilio Twilio { get; }
    public TestApp App { get; }
    public Network Network { get; private set; } = null!;
    public (Coordinator Coordinator, HttpClient Http) Ana { get; private set; }
    public (Coordinator Coordinator, HttpClient Http) Ben { get; private set; }

    public static async Task<SimulatorWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var db = await TestDatabase.CreateAsync();
        var twilio = await FakeTwilio.StartAsync();
        var extra = new Dictionary<string, string?> { ["Broadcaster:Simulator"] = "true" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            extra[k] = v;
        var app = await DeliveryHost.StartAsync(db, twilio, extra: extra);
        var world = new SimulatorWorld(db, twilio, app);
        world.Network = await app.Get<NetworkStore>().AddAsync("la-rrn", "LA RRN", ["los-angeles", "orange"], "+12135550190");
        world.Ana = await world.CoordinatorAsync("Ana", AnaPhone);
        world.Ben = await world.CoordinatorAsync("Ben", BenPhone);
        return world;
    }

    private async Task<(Coordinator, HttpClient)> CoordinatorAsync(string name, string phone)
    {
        var (coordinator, key) = await App.Get<CoordinatorStore>().AddAsync("la-rrn", name, phone, null);
        var http = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (coordinator, http);
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
        Ana.Http?.Dispose();
        Ben.Http?.Dispose();
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
        await Db.DisposeAsync();
    }
}
