using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Dapper;
using Microsoft.Extensions.Options;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>Test data written the way the service stores it (addresses only through AddressProtector).</summary>
public sealed class Seed(TestDatabase db)
{
    public AddressProtector Protector { get; } =
        new(Options.Create(new PrivacyOptions { EncryptionKey = TestApp.EncryptionKey }));

    private Broadcaster.Counties.CountyDirectory Counties => new(db.DataSource);

    public AreaStore Areas => new(db.DataSource, Counties);

    private NetworkStore Networks => new(db.DataSource, Counties, Areas);

    /// <summary>A network with one area per county (slug: the county's when free, else &lt;network&gt;-&lt;county&gt;).</summary>
    public Task<Network> NetworkAsync(string slug, params string[] counties) =>
        Networks.AddAsync(slug, slug + " RRN", counties, "+12135550199");

    /// <summary>An area of ZIP codes (and whole counties) added to a network, as `network add-area` does.</summary>
    public Task<Area> AreaAsync(string network, string slug, string name, string[] zips, params string[] counties) =>
        Areas.AddAsync(network, slug, name, counties, zips);

    public async Task<(Coordinator Coordinator, string ApiKey)> CoordinatorAsync(string network, string name, string? phone = null, long? telegramUserId = null) =>
        await new CoordinatorStore(db.DataSource, Networks, Protector).AddAsync(network, name, phone, telegramUserId);

    private const string InsertSubscriber = """
        INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
        VALUES (@channel, @index, @cipher, @keyId, @language, 'active')
        RETURNING id
        """;

    private const string InsertSubscription = """
        INSERT INTO subscriptions (subscriber_id, area_id, status)
        SELECT @id, a.id, 'active' FROM areas a WHERE a.slug = ANY (@counties) AND a.removed_at IS NULL
        """;

    /// <summary>An active, confirmed subscriber at home in these areas (by slug: a county area's is the county's).</summary>
    public async Task<long> SubscriberAsync(string channel, string address, string language, params string[] counties)
    {
        var p = Protector.Protect(channel, address);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<long>(InsertSubscriber, new { channel, index = p.Index, cipher = p.Cipher, keyId = p.KeyId, language });
        await conn.ExecuteAsync(InsertSubscription, new { id, counties });
        return id;
    }

    private const string InsertAlert = """
        INSERT INTO alerts (network_id, kind, reply_to, areas, texts, status, author_id, expires_at)
        VALUES (@networkId, @kind, @replyTo,
                ARRAY(SELECT a.id FROM unnest(@counties::text[]) WITH ORDINALITY u(slug, n) JOIN areas a ON a.slug = u.slug ORDER BY u.n),
                CAST(@texts AS jsonb), @status, @authorId, now() + interval '2 hours')
        RETURNING id
        """;

    /// <summary>An alert to these areas (by slug).</summary>
    public async Task<long> AlertAsync(long networkId, long authorId, string[] counties, string status = "verified",
        string kind = "confirmed", long? replyTo = null, string en = "Checkpoint reported at Main St", string es = "Retén reportado en Main St")
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var texts = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["en"] = en, ["es"] = es });
        return await conn.ExecuteScalarAsync<long>(InsertAlert, new { networkId, kind, replyTo, counties, texts, status, authorId });
    }
}
