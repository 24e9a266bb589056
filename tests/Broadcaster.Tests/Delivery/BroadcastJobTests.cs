using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;
using Dapper;

namespace Broadcaster.Tests.Delivery;

/// <summary>Planning only: a web-role app runs no job servers, so the dispatchers it enqueues never run.</summary>
public sealed class BroadcastJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestApp _app = null!;
    private Seed _seed = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = await TestApp.StartAsync(_db, new Dictionary<string, string?> { ["Broadcaster:Role"] = "web" });
        _seed = new Seed(_db);
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
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        var la = await _seed.SubscriberAsync("sms", "+12135551001", "en", "los-angeles");
        var both = await _seed.SubscriberAsync("sms", "+12135551002", "es", "los-angeles", "orange");
        var telegram = await _seed.SubscriberAsync("telegram", "4242", "en", "orange");
        await _seed.SubscriberAsync("sms", "+12135551003", "en", "riverside");
        var unconfirmed = await _seed.SubscriberAsync("sms", "+12135551004", "en", "los-angeles");
        await _db.ExecuteAsync("UPDATE subscribers SET status = 'pending' WHERE id = @unconfirmed", new { unconfirmed });
        var pendingSubscription = await _seed.SubscriberAsync("sms", "+12135551005", "en", "orange");
        await _db.ExecuteAsync("UPDATE subscriptions SET status = 'pending' WHERE subscriber_id = @pendingSubscription", new { pendingSubscription });
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles", "orange"]);

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        var rows = await _db.QueryAsync<(long SubscriberId, string Channel, string Status)>(
            "SELECT subscriber_id, channel, status FROM deliveries WHERE alert_id = @alert ORDER BY subscriber_id", new { alert });
        Assert.Equal([(la, "sms", "pending"), (both, "sms", "pending"), (telegram, "telegram", "pending")], rows);
        Assert.Equal("sending", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
    }

    [Fact]
    public async Task PlanAsync_RunTwice_NoSecondRow()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        await _seed.SmsSubscribersAsync(5, "los-angeles");
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"]);
        var job = _app.Get<BroadcastJob>();

        await job.PlanAsync(alert);
        await job.PlanAsync(alert);

        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert", new { alert }));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("aborted")]
    [InlineData("expired")]
    public async Task PlanAsync_AlertNotVerified_PlansNothing(string status)
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        await _seed.SmsSubscribersAsync(3, "los-angeles");
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"], status: status);

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries"));
        Assert.Equal(status, await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
    }

    [Fact]
    public async Task PlanAsync_FollowUp_GoesToTheOriginalsRecipientsStillActive()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        var reached = await _seed.SubscriberAsync("sms", "+12135551001", "en", "los-angeles");
        var stoppedSince = await _seed.SubscriberAsync("sms", "+12135551002", "en", "los-angeles");
        var original = await _seed.AlertAsync(network.Id, author, ["los-angeles"], status: "sent");
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status) VALUES (@original, @reached, 'sms', 'delivered'), (@original, @stoppedSince, 'sms', 'sent')
            """, new { original, reached, stoppedSince });
        await _db.StopAsync(stoppedSince);
        await _seed.SubscriberAsync("sms", "+12135551003", "en", "los-angeles"); // joined since: not a recipient of the original
        var followUp = await _seed.AlertAsync(network.Id, author, ["los-angeles"], kind: "all-clear", replyTo: original);

        await _app.Get<BroadcastJob>().PlanAsync(followUp);

        Assert.Equal([reached], await _db.QueryAsync<long>("SELECT subscriber_id FROM deliveries WHERE alert_id = @followUp", new { followUp }));
    }

    [Fact]
    public async Task PlanAsync_NobodySubscribed_AlertSentAtOnceWithZeroCounts()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"]);

        await _app.Get<BroadcastJob>().PlanAsync(alert);

        Assert.Equal("sent", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%AuthorSummaryJob%'"));
    }

    // Subscribers the planner never decrypts (the cipher is a placeholder), at home in one county.
    private const string ManySubscribers = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', sha256((@county || '-' || n)::bytea), '\x00'::bytea, 1, 'en', 'active' FROM generate_series(1, @count) n
            RETURNING id
        )
        INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT id, (SELECT id FROM areas WHERE slug = @county), 'active' FROM s
        """;

    // Manual analyses of deliveries (autovacuum's are counted apart).
    private Task<long> AnalysesAsync() =>
        _db.ScalarAsync<long>("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'deliveries'");

    private async Task<(long Network, long Author)> BigAndSmallCountyAsync()
    {
        var network = await _seed.NetworkAsync("socal", "los-angeles", "orange");
        var author = (await _seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        await _db.ExecuteAsync(ManySubscribers, new { county = "los-angeles", count = 33_000 });
        await _db.ExecuteAsync(ManySubscribers, new { county = "orange", count = 1_000 });
        await _db.ExecuteAsync("ANALYZE subscribers, subscriptions"); // as autovacuum would have (unanalysed: 10 s a planning)
        // Only the planner analyses deliveries here: autovacuum could come at any moment.
        await _db.ExecuteAsync("ALTER TABLE deliveries SET (autovacuum_enabled = false)");
        return (network.Id, author);
    }

    [Fact]
    public async Task PlanAsync_SeveralAlertsInARow_AnalysesTheFirstTimeThenOnlyOnceATenthOfTheTableIsNew()
    {
        var (network, author) = await BigAndSmallCountyAsync();
        var job = _app.Get<BroadcastJob>();

        await job.PlanAsync(await _seed.AlertAsync(network, author, ["los-angeles"]));
        Assert.Equal(1, await AnalysesAsync()); // 33,000 rows on a table never analysed

        for (var i = 0; i < 3; i++)
            await job.PlanAsync(await _seed.AlertAsync(network, author, ["orange"]));
        Assert.Equal(1, await AnalysesAsync()); // 3,000 rows more: under a tenth

        await job.PlanAsync(await _seed.AlertAsync(network, author, ["orange"]));
        Assert.Equal(2, await AnalysesAsync()); // 4,000: over a tenth
        Assert.Equal(37_000, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries"));
    }

    [Fact]
    public async Task PlanAsync_AnotherPlannerAnalysing_SkipsItsOwnAnalysis()
    {
        var (network, author) = await BigAndSmallCountyAsync();
        var job = _app.Get<BroadcastJob>();
        await using var other = await _db.DataSource.OpenConnectionAsync();
        await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = BroadcastJob.AnalyzeLockKey });

        var first = await _seed.AlertAsync(network, author, ["los-angeles"]);
        await job.PlanAsync(first);
        Assert.Equal(0, await AnalysesAsync());
        Assert.Equal("sending", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @first", new { first }));

        await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = BroadcastJob.AnalyzeLockKey });
        await job.PlanAsync(await _seed.AlertAsync(network, author, ["orange"]));
        Assert.Equal(1, await AnalysesAsync());
    }
}
