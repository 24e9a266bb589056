using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Broadcaster.Coordinators;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;
using Dapper;

namespace Broadcaster.Tests.Networks;

/// <summary>
/// A deployment from before areas (migrated up to 0012: network_counties, county subscriptions, county alerts) is
/// migrated to areas and keeps working: the same subscribers get the same alerts, follow-ups reach the original's
/// recipients, an old API body and an old deep link (?start=los-angeles) still do what they did.
/// </summary>
public sealed class AreasMigrationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Seed _seed = null!;
    private string _anaKey = null!;
    private long _sent;
    private long _draft;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(migrate: false);
        _seed = new Seed(_db);
        await MigrateBeforeAreasAsync();
        await SeedOldStateAsync();
        await _db.MigrateAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Migrate_CountiesBecomeAreas_SubscriptionsAndChannelsKept()
    {
        var areas = await _db.QueryAsync<(string Slug, string Network, string Name, int Zips, string? Whole, long? Channel)>("""
            SELECT a.slug, n.slug, a.name, cardinality(a.zips), a.whole_county, a.telegram_channel_chat_id
            FROM areas a JOIN networks n ON n.id = a.network_id ORDER BY a.slug
            """);

        Assert.Equal([
            ("los-angeles", "la-rrn", "Los Angeles County", 285, "los-angeles", -100123L),
            ("orange", "la-rrn", "Orange County", 89, "orange", null),
            ("san-diego", "sd-rrn", "San Diego County", 108, "san-diego", null),
        ], areas.Select(a => (a.Slug, a.Network, a.Name, a.Zips, a.Whole, a.Channel)).ToList());
        Assert.Equal(["los-angeles:active", "orange:active", "los-angeles:active", "orange:pending"], await _db.QueryAsync<string>("""
            SELECT a.slug || ':' || s.status FROM subscriptions s JOIN areas a ON a.id = s.area_id ORDER BY s.subscriber_id, a.slug
            """));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'network_counties'"));
    }

    [Fact]
    public async Task Migrate_OldAlertsAndApiBodies_KeepTheirPlacesAndRecipients()
    {
        await using var app = await TestApp.StartAsync(_db);
        app.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _anaKey);

        var old = await JsonAsync(await app.Http.GetAsync($"/api/alerts/{_sent}"));
        var retraction = await app.Http.PostAsJsonAsync("/api/alerts", new { kind = "retraction", replyTo = _sent, texts = new { en = "Wrong report." } });
        var byCounty = await app.Http.PostAsJsonAsync("/api/alerts", new { counties = new[] { "orange" }, texts = new { en = "Checkpoint." } });
        var counties = await JsonAsync(await app.Http.GetAsync("/api/counties"));

        Assert.Equal(["los-angeles"], old.GetProperty("areas").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["los-angeles"], old.GetProperty("counties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.Created, retraction.StatusCode);
        // The original reached the SMS subscriber; the retraction goes to them again.
        Assert.Equal(1, (await JsonAsync(retraction)).GetProperty("recipients").GetProperty("sms").GetInt32());
        Assert.Equal(HttpStatusCode.Created, byCounty.StatusCode);
        var drafted = await JsonAsync(byCounty);
        Assert.Equal(["orange"], drafted.GetProperty("areas").EnumerateArray().Select(e => e.GetString()));
        // Orange: the Telegram subscriber is active, the SMS one still pending.
        Assert.Equal(0, drafted.GetProperty("recipients").GetProperty("sms").GetInt32());
        Assert.Equal(1, drafted.GetProperty("recipients").GetProperty("telegram").GetInt32());
        Assert.Equal(["los-angeles", "orange"], counties.GetProperty("counties").EnumerateArray().Select(e => e.GetProperty("slug").GetString()));
        Assert.Equal(["orange"], await _db.QueryAsync<string>(
            "SELECT a.slug FROM alerts al JOIN areas a ON a.id = ANY (al.areas) WHERE al.id = @draft", new { draft = _draft }));
    }

    [Fact]
    public async Task Migrate_OldDeepLink_JoinsTheCountysArea()
    {
        await using var fake = await FakeTelegram.StartAsync();
        await using var app = await TestApp.StartAsync(_db, TelegramTestbed.Settings(fake));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(BotUpdates.Message(1, 5550987001, "/start los-angeles"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);

        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(request)).StatusCode);

        var index = _seed.Protector.BlindIndex("telegram", "5550987001");
        Assert.Equal(["los-angeles:active"], await _db.QueryAsync<string>("""
            SELECT a.slug || ':' || s.status FROM subscriptions s JOIN areas a ON a.id = s.area_id
            JOIN subscribers r ON r.id = s.subscriber_id WHERE r.address_index = @index
            """, new { index }));
    }

    /// <summary>The production scripts up to 0012, applied and recorded as the migrator does.</summary>
    private async Task MigrateBeforeAreasAsync()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var (name, sql) in Broadcaster.Infrastructure.Migrator.Scripts().Where(s => string.CompareOrdinal(s.Name, "0013") < 0))
        {
            await conn.ExecuteAsync(sql);
            await conn.ExecuteAsync("INSERT INTO schema_migrations (name) VALUES (@name)", new { name });
        }
    }

    private async Task SeedOldStateAsync()
    {
        _anaKey = ApiKeys.New();
        var la = await _db.ScalarAsync<long>("INSERT INTO networks (slug, name, hotline) VALUES ('la-rrn', 'LA RRN', '+12135550190') RETURNING id");
        var sd = await _db.ScalarAsync<long>("INSERT INTO networks (slug, name) VALUES ('sd-rrn', 'SD RRN') RETURNING id");
        await _db.ExecuteAsync("""
            INSERT INTO network_counties (network_id, county_slug, telegram_channel_chat_id)
            VALUES (@la, 'los-angeles', -100123), (@la, 'orange', NULL), (@sd, 'san-diego', NULL)
            """, new { la, sd });
        var ana = await _db.ScalarAsync<long>("INSERT INTO coordinators (network_id, name, api_key_hash) VALUES (@la, 'Ana', @hash) RETURNING id",
            new { la, hash = ApiKeys.Hash(_anaKey) });
        var ben = await _db.ScalarAsync<long>("INSERT INTO coordinators (network_id, name, api_key_hash) VALUES (@la, 'Ben', @hash) RETURNING id",
            new { la, hash = ApiKeys.Hash(ApiKeys.New()) });
        var telegram = await OldSubscriberAsync("telegram", "900001", "active", ("los-angeles", "active"), ("orange", "active"));
        var sms = await OldSubscriberAsync("sms", "+12135550111", "active", ("los-angeles", "active"));
        await OldSubscriberAsync("sms", "+12135550112", "pending", ("orange", "pending"));
        _sent = await _db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, counties, texts, status, author_id, verifier_id, expires_at, verified_at, completed_at)
            VALUES (@la, 'confirmed', '{los-angeles}', '{"en":"Raid at Main St."}', 'sent', @ana, @ben, now(), now(), now())
            RETURNING id
            """, new { la, ana, ben });
        // The original reached the SMS subscriber; the Telegram one's message failed.
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status) VALUES (@sent, @sms, 'sms', 'delivered'), (@sent, @telegram, 'telegram', 'failed')
            """, new { sent = _sent, sms, telegram });
        _draft = await _db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, counties, texts, status, author_id, expires_at)
            VALUES (@la, 'confirmed', '{orange}', '{"en":"Checkpoint."}', 'draft', @ana, now() + interval '2 hours')
            RETURNING id
            """, new { la, ana });
    }

    private async Task<long> OldSubscriberAsync(string channel, string address, string status, params (string County, string Status)[] counties)
    {
        var p = _seed.Protector.Protect(channel, address);
        var id = await _db.ScalarAsync<long>("""
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, status) VALUES (@channel, @index, @cipher, @keyId, @status)
            RETURNING id
            """, new { channel, index = p.Index, cipher = p.Cipher, keyId = p.KeyId, status });
        foreach (var (county, subscription) in counties)
            await _db.ExecuteAsync("INSERT INTO subscriptions (subscriber_id, county_slug, status) VALUES (@id, @county, @subscription)",
                new { id, county, subscription });
        return id;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
