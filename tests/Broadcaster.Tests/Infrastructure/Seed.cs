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

    private NetworkStore Networks => new(db.DataSource, new Broadcaster.Counties.CountyDirectory(db.DataSource));

    public Task<Network> NetworkAsync(string slug, params string[] counties) =>
        Networks.AddAsync(slug, slug + " RRN", counties, "+12135550199");

    public async Task<(Coordinator Coordinator, string ApiKey)> CoordinatorAsync(string network, string name, string? phone = null, long? telegramUserId = null) =>
        await new CoordinatorStore(db.DataSource, Networks, Protector).AddAsync(network, name, phone, telegramUserId);

    private const string InsertSubscriber = """
        INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
        VALUES (@channel, @index, @cipher, @keyId, @language, 'active')
        RETURNING id
        """;

    private const string InsertSubscription = """
        INSERT INTO subscriptions (subscriber_id, county_slug, status) SELECT @id, unnest(@counties), 'active'
        """;

    /// <summary>An active, confirmed subscriber of <paramref name="counties"/>.</summary>
    public async Task<long> SubscriberAsync(string channel, string address, string language, params string[] counties)
    {
        var p = Protector.Protect(channel, address);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<long>(InsertSubscriber, new { channel, index = p.Index, cipher = p.Cipher, keyId = p.KeyId, language });
        await conn.ExecuteAsync(InsertSubscription, new { id, counties });
        return id;
    }

    private const string InsertAlert = """
        INSERT INTO alerts (network_id, kind, reply_to, counties, texts, status, author_id, expires_at)
        VALUES (@networkId, @kind, @replyTo, @counties, CAST(@texts AS jsonb), @status, @authorId, now() + interval '2 hours')
        RETURNING id
        """;

    public async Task<long> AlertAsync(long networkId, long authorId, string[] counties, string status = "verified",
        string kind = "confirmed", long? replyTo = null, string en = "Checkpoint reported at Main St", string es = "Retén reportado en Main St")
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var texts = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["en"] = en, ["es"] = es });
        return await conn.ExecuteScalarAsync<long>(InsertAlert, new { networkId, kind, replyTo, counties, texts, status, authorId });
    }
}
