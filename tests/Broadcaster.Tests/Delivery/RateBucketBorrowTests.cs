using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>Replies borrow from the shared bucket: charged at once, repaid by the fan-out's next slots, the debt bounded.</summary>
public sealed class RateBucketBorrowTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Borrow_ThenTake_TheTakeQueuesBehindTheReplies()
    {
        var bucket = new RateBucket(_db.DataSource);

        var charged = await bucket.BorrowAsync("sms", rate: 1, take: 3, maxDebt: 10, CancellationToken.None);
        var take = await bucket.TakeAsync("sms", rate: 1, take: 1, CancellationToken.None);

        Assert.Equal(3, charged);
        // The idle bucket's one token and two more: the fan-out's next slot is about 3 s away.
        Assert.Equal(1, take.Granted);
        Assert.InRange(take.Available, -2.0, -1.5);
    }

    [Fact]
    public async Task Borrow_BeyondTheDebtBound_ChargedDownToTheBoundOnly()
    {
        var bucket = new RateBucket(_db.DataSource);

        var first = await bucket.BorrowAsync("telegram", rate: 1, take: 8, maxDebt: 5, CancellationToken.None);
        var second = await bucket.BorrowAsync("telegram", rate: 1, take: 2, maxDebt: 5, CancellationToken.None);
        var take = await bucket.TakeAsync("telegram", rate: 1, take: 1, CancellationToken.None);

        // One token held, five owed at most; the second reply went (the caller sends whatever is charged) for nothing but
        // the few milliseconds' refill since the first (the balance refills at 1/s between statements).
        Assert.InRange(first, 6.0, 6.0);
        Assert.InRange(second, 0.0, 0.5);
        Assert.InRange(take.Available, -5.0, -4.5);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM channel_rate WHERE sender = 'telegram' AND tokens >= -6 AND tokens < -5.5"));
    }

    [Fact]
    public async Task Borrow_WhilePaused_ChargedWithoutEndingThePause()
    {
        var bucket = new RateBucket(_db.DataSource);
        await bucket.PauseAsync("sms", TimeSpan.FromSeconds(30), CancellationToken.None);

        var charged = await bucket.BorrowAsync("sms", rate: 1, take: 2, maxDebt: 10, CancellationToken.None);
        var take = await bucket.TakeAsync("sms", rate: 1, take: 1, CancellationToken.None);

        Assert.Equal(2, charged);
        Assert.Equal(0, take.Granted);
        Assert.InRange(take.PausedFor.TotalSeconds, 25, 30);
    }
}
