using System.Text.Json;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// Puts a network, coordinators, subscribers and alerts in a test database the way the product does:
/// networks and coordinators through their stores, subscribers as encrypted rows, alerts as SQL.
/// </summary>
internal sealed class DeliverySeed(TestDatabase db, IServiceProvider services)
{
    private AddressProtector Protector => services.GetRequiredService<AddressProtector>();

    public async Task<Network> NetworkAsync(string slug, params string[] counties) =>
        await services.GetRequiredService<NetworkStore>().AddAsync(slug, slug + " RRN", counties, "+12135550100");

    public async Task<long> CoordinatorAsync(string networkSlug, string name, string? phone = null, long? telegramUserId = null) =>
        (await services.GetRequiredService<CoordinatorStore>().AddAsync(networkSlug, name, phone, telegramUserId)).Coordinator.Id;

    public async Task<long> SubscriberAsync(string address, string language = "en", string channel = "sms", string status = "active", params string[] counties)
    {
        var p = Protector.Protect(channel, address);
        var id = await db.ScalarAsync<long>("""
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            VALUES (@channel, @Index, @Cipher, @KeyId, @language, @status) RETURNING id
            """, new { channel, p.Index, p.Cipher, p.KeyId, language, status });
        foreach (var county in counties)
            await db.ExecuteAsync("INSERT INTO subscriptions (subscriber_id, county_slug, status) VALUES (@id, @county, 'active')", new { id, county });
        return id;
    }

    /// <summary>Numbers +1213555NNNN for i in [first, first + count), each active in <paramref name="county"/>.</summary>
    public async Task<List<string>> SubscribersAsync(int count, string county, string language = "en", int first = 1000)
    {
        var numbers = Enumerable.Range(first, count).Select(i => $"+1213555{i:0000}").ToList();
        foreach (var number in numbers)
            await SubscriberAsync(number, language, counties: county);
        return numbers;
    }

    public async Task<long> AlertAsync(long networkId, long authorId, string[] counties, string en, string? es = null,
        string status = "verified", string kind = "confirmed", long? replyTo = null)
    {
        var texts = JsonSerializer.Serialize(es is null ? new Dictionary<string, string> { ["en"] = en } : new() { ["en"] = en, ["es"] = es });
        return await db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, reply_to, counties, texts, status, author_id, verifier_id, expires_at, verified_at)
            VALUES (@networkId, @kind, @replyTo, @counties, @texts::jsonb, @status, @authorId, @authorId, now() + interval '2 hours', now())
            RETURNING id
            """, new { networkId, kind, replyTo, counties, texts, status, authorId });
    }

    public Task<long> SubscriberIdAsync(string channel, string address) =>
        db.ScalarAsync<long>("SELECT id FROM subscribers WHERE channel = @channel AND address_index = @index",
            new { channel, index = Protector.BlindIndex(channel, address) });
}
