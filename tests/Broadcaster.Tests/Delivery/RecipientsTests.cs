using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

public sealed class RecipientsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Seed _seed = null!;
    private long _networkId;
    private long _authorId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _seed = new Seed(_db);
        _networkId = (await _seed.NetworkAsync("la-rrn", "los-angeles", "orange")).Id;
        _authorId = (await _seed.CoordinatorAsync("la-rrn", "Ana")).Coordinator.Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Count_SubscriberInTwoTargetCounties_CountedOnce()
    {
        await _seed.SubscriberAsync("sms", "+12135550111", "en", "los-angeles", "orange");
        await _seed.SubscriberAsync("sms", "+12135550112", "es", "orange");
        await _seed.SubscriberAsync("telegram", "900001", "es", "los-angeles");
        await _seed.SubscriberAsync("sms", "+12135550113", "en", "san-diego");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles", "orange"]);

        var counts = await Recipients.CountAsync(_db.DataSource, alert);

        Assert.Equal(new RecipientCounts(2, 1), counts);
    }

    [Fact]
    public async Task Count_StoppedOrPendingSubscribers_NotCounted()
    {
        var stopped = await _seed.SubscriberAsync("sms", "+12135550111", "en", "los-angeles");
        var pending = await _seed.SubscriberAsync("sms", "+12135550112", "en", "los-angeles");
        await _seed.SubscriberAsync("sms", "+12135550113", "en", "los-angeles");
        await _db.StopAsync(stopped);
        await _db.ExecuteAsync("UPDATE subscriptions SET status = 'pending' WHERE subscriber_id = @pending", new { pending });
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);

        Assert.Equal(new RecipientCounts(1, 0), await Recipients.CountAsync(_db.DataSource, alert));
    }

    [Fact]
    public async Task Count_Retraction_GoesToExactlyTheOriginalsReachedRecipients()
    {
        var reached = await _seed.SubscriberAsync("sms", "+12135550111", "en", "los-angeles");
        var failed = await _seed.SubscriberAsync("sms", "+12135550112", "en", "los-angeles");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], status: "sent");
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status)
            VALUES (@original, @reached, 'sms', 'delivered'), (@original, @failed, 'sms', 'failed')
            """, new { original, reached, failed });
        await _seed.SubscriberAsync("sms", "+12135550113", "en", "los-angeles"); // joined after the original
        var retraction = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], status: "draft", kind: "retraction", replyTo: original);

        Assert.Equal(new RecipientCounts(1, 0), await Recipients.CountAsync(_db.DataSource, retraction));
    }

    [Fact]
    public async Task Count_FollowUpAfterOriginalWasReduced_GoesToOriginalCounties()
    {
        await _seed.SubscriberAsync("sms", "+12135550111", "en", "los-angeles");
        await _seed.SubscriberAsync("sms", "+12135550112", "en", "orange");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["orange"], status: "sent");
        var update = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles", "orange"], status: "draft", kind: "update", replyTo: original);

        Assert.Equal(new RecipientCounts(1, 0), await Recipients.CountAsync(_db.DataSource, update));
    }
}
