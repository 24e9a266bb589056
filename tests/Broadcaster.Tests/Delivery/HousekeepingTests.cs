using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>The recurring jobs: retention reduces old rows to counts; the sweeper plans what a lost job left.</summary>
public sealed class HousekeepingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private FakeTwilio _fake = null!;
    private Seed _seed = null!;
    private long _networkId;
    private long _authorId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
        _seed = new Seed(_db);
        _networkId = (await _seed.NetworkAsync("socal", "los-angeles")).Id;
        _authorId = (await _seed.CoordinatorAsync("socal", "Ana")).Coordinator.Id;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<long> CompletedAlertAsync(string completedAgo, params string[] statuses)
    {
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], status: "sent");
        foreach (var (status, i) in statuses.Select((s, i) => (s, i)))
        {
            var subscriber = await _seed.SubscriberAsync("sms", $"+1213555{alert:00}{i:00}", "en", "los-angeles");
            await _db.ExecuteAsync("INSERT INTO deliveries (alert_id, subscriber_id, channel, status) VALUES (@alert, @subscriber, 'sms', @status)",
                new { alert, subscriber, status });
        }
        await _db.ExecuteAsync("UPDATE alerts SET completed_at = now() - @completedAgo::interval WHERE id = @alert", new { alert, completedAgo });
        return alert;
    }

    [Fact]
    public async Task Retention_RowsOfAlertsCompletedLongAgo_ReducedToCountsAndDeleted()
    {
        var old = await CompletedAlertAsync("8 days", "delivered", "delivered", "sent", "failed", "skipped");
        var recent = await CompletedAlertAsync("1 day", "delivered", "sent");
        await using var app = await DeliveryHost.StartAsync(_db, _fake, role: "web");

        await app.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @old", new { old }));
        Assert.Equal([(1, 2, 1, 1, true)], await _db.QueryAsync<(int, int, int, int, bool)>(
            "SELECT count_sent, count_delivered, count_failed, count_skipped, reduced_at IS NOT NULL FROM alerts WHERE id = @old", new { old }));
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @recent", new { recent }));
        Assert.True(await _db.ScalarAsync<bool>("SELECT reduced_at IS NULL FROM alerts WHERE id = @recent", new { recent }));
    }

    [Fact]
    public async Task Dispatch_PlannedWhileNoWorkerRan_AWorkerStartedLaterSendsIt()
    {
        var numbers = await _seed.SmsSubscribersAsync(5, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using (var web = await DeliveryHost.StartAsync(_db, _fake, role: "web"))
            await web.Get<BroadcastJob>().PlanAsync(alert);

        await using var worker = await DeliveryHost.StartAsync(_db, _fake);
        await _db.CompletedAsync(alert);

        Assert.Equal(numbers, _fake.ByRecipient().Keys.Order());
        Assert.Equal([("sent", 5L)], await _db.StatusCountsAsync(alert));
    }

    [Fact]
    public async Task Sweeper_VerifiedButNeverPlanned_PlansAndSendsIt()
    {
        var numbers = await _seed.SmsSubscribersAsync(3, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await _db.ExecuteAsync("UPDATE alerts SET verified_at = now() - interval '2 minutes' WHERE id = @alert", new { alert });
        await using var worker = await DeliveryHost.StartAsync(_db, _fake);

        await worker.Get<SweeperJob>().RunAsync(CancellationToken.None);
        await _db.CompletedAsync(alert);

        Assert.Equal(numbers, _fake.ByRecipient().Keys.Order());
    }

    [Fact]
    public async Task AuthorSummary_RunTwice_TheAuthorGetsOneMessage()
    {
        var (author, _) = await _seed.CoordinatorAsync("socal", "Bo", "+12135550122");
        var alert = await _seed.AlertAsync(_networkId, author.Id, ["los-angeles"], status: "sent");
        await _db.ExecuteAsync("UPDATE alerts SET completed_at = now(), count_sent = 7, count_delivered = 5 WHERE id = @alert", new { alert });
        await using var web = await DeliveryHost.StartAsync(_db, _fake, role: "web");
        var job = web.Get<AuthorSummaryJob>();

        await job.SendAsync(alert, CancellationToken.None);
        await job.SendAsync(alert, CancellationToken.None);

        var summary = Assert.Single(_fake.Accepted);
        Assert.Equal("+12135550122", summary.To);
        Assert.Contains($"alert #{alert} sent. Reached 12 (5 with a delivery receipt", summary.Body);
    }
}
