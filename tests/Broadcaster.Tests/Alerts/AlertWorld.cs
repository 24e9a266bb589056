using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Alerts;

/// <summary>
/// The real service on a fresh database with two networks set up through the production stores:
/// North Bay (napa, sonoma) with coordinators Ana and Ben, and San Diego (san-diego) with Cruz.
/// Phones are in the fictional 555 exchange.
/// </summary>
public sealed class AlertWorld : IAsyncDisposable
{
    private AlertWorld(TestDatabase db, TestApp app) => (Db, App) = (db, app);

    public TestDatabase Db { get; }
    public TestApp App { get; }
    public Network NorthBay { get; private set; } = null!;
    public Network SanDiego { get; private set; } = null!;
    public Member Ana { get; private set; } = null!;
    public Member Ben { get; private set; } = null!;
    public Member Cruz { get; private set; } = null!;

    public sealed record Member(Coordinator Coordinator, string ApiKey, HttpClient Http);

    public static async Task<AlertWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var db = await TestDatabase.CreateAsync();
        var world = new AlertWorld(db, await TestApp.StartAsync(db, settings));
        var networks = world.App.Get<NetworkStore>();
        world.NorthBay = await networks.AddAsync("north-bay", "North Bay RRN", ["napa", "sonoma"], "+17075550100");
        world.SanDiego = await networks.AddAsync("san-diego", "San Diego RRN", ["san-diego"], "+16195550100");
        world.Ana = await world.AddCoordinatorAsync("north-bay", "Ana", "+17075550111", 1001);
        world.Ben = await world.AddCoordinatorAsync("north-bay", "Ben", "+17075550122", null);
        world.Cruz = await world.AddCoordinatorAsync("san-diego", "Cruz", "+16195550133", null);
        return world;
    }

    public async Task<Member> AddCoordinatorAsync(string network, string name, string? phone, long? telegramUserId)
    {
        var (coordinator, key) = await App.Get<CoordinatorStore>().AddAsync(network, name, phone, telegramUserId);
        var http = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new Member(coordinator, key, http);
    }

    private const string InsertSubscriber = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            VALUES (@channel, @index, @cipher, @keyId, @language, 'active')
            RETURNING id)
        INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT id, (SELECT id FROM areas WHERE slug = @county), 'active' FROM s
        RETURNING subscriber_id
        """;

    private int _addresses;

    /// <summary>
    /// Active subscribers written as the service stores them (encrypted 555 numbers or chat ids), straight
    /// into the tables: the subscriber feature is not under test here.
    /// </summary>
    public async Task<List<long>> AddSubscribersAsync(string county, string channel, string language, int count)
    {
        var protector = App.Get<AddressProtector>();
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _addresses);
            var address = channel == "sms" ? $"+1415555{n:0000}" : (900000 + n).ToString();
            var p = protector.Protect(channel, address);
            ids.Add(await Db.ScalarAsync<long>(InsertSubscriber, new { channel, index = p.Index, cipher = p.Cipher, keyId = p.KeyId, language, county }));
        }
        return ids;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    /// <summary>POST /api/alerts as this member; the body is sent exactly as given.</summary>
    public static Task<HttpResponseMessage> PostDraftAsync(Member member, object body) =>
        member.Http.PostAsJsonAsync("/api/alerts", body);

    public static async Task<long> DraftAsync(Member member, string county = "napa", string en = "ICE checkpoint at 1st and Main.", string? es = "Retén de ICE en 1st y Main.")
    {
        var texts = new Dictionary<string, string> { ["en"] = en };
        if (es is not null)
            texts["es"] = es;
        var response = await PostDraftAsync(member, new { counties = new[] { county }, texts });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt64();
    }

    /// <summary>How many BroadcastJob.PlanAsync jobs Hangfire holds for this alert, in any state.</summary>
    public Task<long> BroadcastJobsAsync(long alertId) => Db.ScalarAsync<long>("""
        SELECT count(*) FROM hangfire.job
        WHERE invocationdata::jsonb ->> 'Type' LIKE 'Broadcaster.Delivery.BroadcastJob,%'
          AND invocationdata::jsonb ->> 'Method' = 'PlanAsync'
          AND arguments::jsonb ->> 0 = @id
        """, new { id = alertId.ToString() });

    public Task<long> AuditAsync(long alertId, string action) =>
        Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE alert_id = @alertId AND action = @action", new { alertId, action });

    public async ValueTask DisposeAsync()
    {
        foreach (var m in new[] { Ana, Ben, Cruz })
            m?.Http.Dispose();
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}
