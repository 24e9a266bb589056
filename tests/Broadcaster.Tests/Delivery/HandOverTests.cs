using Broadcaster.Alerts;
using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>The last look before a send, against an abort that comes while sends are being handed over.</summary>
public sealed class HandOverTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Seed _seed = null!;
    private long _networkId;
    private long _authorId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _seed = new Seed(_db);
        _networkId = (await _seed.NetworkAsync("la-rrn", "los-angeles")).Id;
        _authorId = (await _seed.CoordinatorAsync("la-rrn", "Ana")).Coordinator.Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // A broadcast hands sends over one after another, each checked while the one before is still being sent. If
    // every new check could join the sends already in progress, an abort would wait until the broadcast paused
    // for breath (in a full run it waited while 21 of 30 more messages went out).
    [Fact]
    public async Task Abort_WhileASendIsBeingHandedOver_TheNextCheckWaitsForItAndIsRefused()
    {
        var (alert, first, second) = await SendingToTwoAsync();
        var handOver = new HandOver(_db.DataSource, NullLogger<HandOver>.Instance);

        var inProgress = await handOver.CheckAsync(Row(alert, first), CancellationToken.None);
        Assert.Null(inProgress.Refusal);
        var abort = new AlertStore(_db.DataSource).AbortAsync(alert, _networkId, _authorId, DateTimeOffset.UtcNow);
        await Eventually.HoldsAsync(WaitingForALockAsync, n => n == 1, "the abort waiting for the send in progress");
        var next = handOver.CheckAsync(Row(alert, second), CancellationToken.None);
        await Eventually.HoldsAsync(async () => next.IsCompleted || await WaitingForALockAsync() == 2, done => done,
            "the next check answered or queued");
        await inProgress.DisposeAsync();

        Assert.True(await abort);
        await using var checkedAfter = await next;
        Assert.Equal("alert aborted", checkedAfter.Refusal);
    }

    [Fact]
    public async Task Check_TwoSendsOfOneAlertAtOnce_BothGoWithoutWaitingForEachOther()
    {
        var (alert, first, second) = await SendingToTwoAsync();
        var handOver = new HandOver(_db.DataSource, NullLogger<HandOver>.Instance);

        await using var one = await handOver.CheckAsync(Row(alert, first), CancellationToken.None);
        await using var two = await handOver.CheckAsync(Row(alert, second), CancellationToken.None);

        Assert.Null(one.Refusal);
        Assert.Null(two.Refusal);
        Assert.False(one.Expired);
    }

    // An alert in flight to two subscribers.
    private async Task<(long Alert, long First, long Second)> SendingToTwoAsync()
    {
        var first = await _seed.SubscriberAsync("sms", "+12135550121", "en", "los-angeles");
        var second = await _seed.SubscriberAsync("sms", "+12135550122", "en", "los-angeles");
        return (await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], status: "sending"), first, second);
    }

    private static ClaimedDelivery Row(long alertId, long subscriberId) =>
        new(subscriberId, 1, "active", null, null, "en", null) { AlertId = alertId };

    private Task<long> WaitingForALockAsync() => _db.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}
