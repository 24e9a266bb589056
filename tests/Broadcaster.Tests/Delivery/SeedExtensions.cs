using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

internal static class SeedExtensions
{
    /// <summary>Active SMS subscribers +1213555NNNN for NNNN in [first, first + count) in <paramref name="county"/>.</summary>
    public static async Task<List<string>> SmsSubscribersAsync(this Seed seed, int count, string county, string language = "en", int first = 1000)
    {
        var numbers = Enumerable.Range(first, count).Select(i => $"+1213555{i:0000}").ToList();
        foreach (var number in numbers)
            await seed.SubscriberAsync("sms", number, language, county);
        return numbers;
    }

    /// <summary>What STOP leaves: status stopped, the address erased, only the blind index kept.</summary>
    /// <summary>What a STOP does to these subscribers (every area left, address erased, language reset): the production statement.</summary>
    public static async Task StopAsync(this TestDatabase db, params long[] subscriberIds)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await SubscriberStore.StopAsync(conn, null, subscriberIds, DateTimeOffset.UtcNow);
    }

    public static Task<long> SubscriberIdAsync(this Seed seed, TestDatabase db, string channel, string address) =>
        db.ScalarAsync<long>("SELECT id FROM subscribers WHERE channel = @channel AND address_index = @index",
            new { channel, index = seed.Protector.BlindIndex(channel, address) });
}
