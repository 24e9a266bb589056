using Broadcaster.Delivery;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Delivery;

/// <summary>A follow-up whose original's rows KeepLess has deleted (everyone it reached stopped since).</summary>
public sealed class FollowUpAfterStopsTests() : SmsBroadcastTestbed("los-angeles")
{
    [Fact]
    public async Task Retraction_EveryoneTheOriginalReachedStoppedAndTheirRowsWereDeleted_NewcomersDoNotGetIt()
    {
        var first = await _seed.SmsSubscribersAsync(3, "los-angeles");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "Raid at the market");
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 20);
        app.Verify(original);
        await _db.CompletedAsync(original);
        var ids = await _db.QueryAsync<long>("SELECT subscriber_id FROM deliveries WHERE alert_id = @original", new { original });
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
            await SubscriberStore.StopAsync(conn, null, ids.ToArray(), DateTimeOffset.UtcNow);
        await ActivatorUtilities.CreateInstance<KeepLessJob>(app.Services, new ShiftedClock(KeepLessJob.Settle + TimeSpan.FromMinutes(1)))
            .RunAsync(CancellationToken.None);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @original", new { original }));
        var newcomer = (await _seed.SmsSubscribersAsync(1, "los-angeles", first: 5000)).Single();

        var retraction = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], kind: "retraction", replyTo: original, en: "False alarm");
        app.Verify(retraction);
        await _db.CompletedAsync(retraction);

        Assert.Equal(first, _fake.ByRecipient(except: AuthorPhone).Keys.Order());
        Assert.DoesNotContain(_fake.Accepted, m => m.To == newcomer);
    }
}
