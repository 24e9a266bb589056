using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>Planning only: a web-role app runs no job servers, so the dispatchers it enqueues never run.</summary>
public sealed class BroadcastJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestApp _app = null!;
    private DeliverySeed _seed = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = await TestApp.StartAsync(_db, new Dictionary<string, string?> { ["Broadcaster:Role"] = "web" });
        _seed = new DeliverySeed(_db, _app.Services);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task PlanAsync_VerifiedAlert_OneRowPerActiveSubscriberOfTheTargetCounties()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles", "orange", "riverside");
        var author = await _seed.CoordinatorAsync("socal", "Ana", "+12135550111");
        var la = await _seed.SubscriberAsync("+12135551001", counties: "los-angeles");
        var both = await _seed.SubscriberAsync("+12135551002", "es", counties: ["los-angeles", "orange"]);
        var telegram = await _seed.SubscriberAsync("4242", channel: "telegram", counties: "orange");
        await _seed.SubscriberAsync("+12135551003", counties: "riverside");
        await _seed.SubscriberAsync("+12135551004", status: "pending", counties: "los-angeles");
        var pendingSubscription = await _seed.SubscriberAsync("+12135551005");
        await _db.ExecuteAsync("INSERT INTO subscriptions (subscriber_id, county_slug, status) VALUES (@pendingSubscription, 'orange', 'pending')", new { pendingSubscription });
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles", "orange"], "ICE at 5th and Main");

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        var rows = await _db.QueryAsync<(long SubscriberId, string Channel, string Status)>(
            "SELECT subscriber_id, channel, status FROM deliveries WHERE alert_id = @alert ORDER BY subscriber_id", new { alert });
        Assert.Equal([(la, "sms", "pending"), (both, "sms", "pending"), (telegram, "telegram", "pending")], rows);
        Assert.Equal("sending", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
    }

    [Fact]
    public async Task PlanAsync_RunTwice_NoSecondRowAndNoSecondDispatcher()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = await _seed.CoordinatorAsync("socal", "Ana", "+12135550111");
        await _seed.SubscribersAsync(5, "los-angeles");
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"], "Checkpoint");
        var job = _app.Get<BroadcastJob>();

        await job.PlanAsync(alert);
        await job.PlanAsync(alert);

        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert", new { alert }));
        Assert.Equal(1, await _db.ScalarAsync<long>("""
            SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%DispatchJob%' AND arguments::text LIKE '%' || @alert || '%'
            """, new { alert = alert.ToString() }));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("aborted")]
    [InlineData("expired")]
    public async Task PlanAsync_AlertNotVerified_PlansNothing(string status)
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = await _seed.CoordinatorAsync("socal", "Ana", "+12135550111");
        await _seed.SubscribersAsync(3, "los-angeles");
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"], "Checkpoint", status: status);

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries"));
        Assert.Equal(status, await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
    }

    [Fact]
    public async Task PlanAsync_FollowUp_GoesToTheOriginalsRecipientsStillActive()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = await _seed.CoordinatorAsync("socal", "Ana", "+12135550111");
        var reached = await _seed.SubscriberAsync("+12135551001", counties: "los-angeles");
        var stoppedSince = await _seed.SubscriberAsync("+12135551002", counties: "los-angeles");
        var original = await _seed.AlertAsync(network.Id, author, ["los-angeles"], "Raid reported", status: "sent");
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status) VALUES (@original, @reached, 'sms', 'delivered'), (@original, @stoppedSince, 'sms', 'sent')
            """, new { original, reached, stoppedSince });
        await _db.ExecuteAsync("UPDATE subscribers SET status = 'stopped', address_cipher = NULL, address_key_id = NULL WHERE id = @stoppedSince", new { stoppedSince });
        var joinedSince = await _seed.SubscriberAsync("+12135551003", counties: "los-angeles");
        var followUp = await _seed.AlertAsync(network.Id, author, ["los-angeles"], "All clear", kind: "all-clear", replyTo: original);

        await _app.Get<BroadcastJob>().PlanAsync(followUp);

        Assert.Equal([reached], await _db.QueryAsync<long>("SELECT subscriber_id FROM deliveries WHERE alert_id = @followUp", new { followUp }));
    }

    [Fact]
    public async Task PlanAsync_NobodySubscribed_AlertSentAtOnceWithZeroCounts()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = await _seed.CoordinatorAsync("socal", "Ana", "+12135550111");
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"], "Checkpoint");

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        Assert.Equal("sent", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%AuthorSummaryJob%'"));
    }
}
