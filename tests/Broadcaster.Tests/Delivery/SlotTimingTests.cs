using System.Diagnostics;
using Broadcaster.Delivery;

namespace Broadcaster.Tests.Delivery;

/// <summary>Where a rate slot stands in time: the database's clock placed on ours, and the clock that wakes the gates.</summary>
public sealed class SlotTimingTests
{
    [Fact]
    public void DatabaseClock_OneRoundTrip_TheReadingLiesBetweenRequestAndAnswer()
    {
        var clock = new DatabaseClock();

        var (earliest, latest) = clock.Locate(asked: 10, answered: 10.010, database: 1000);

        Assert.Equal(10, earliest, 9);
        Assert.Equal(10.010, latest, 9);
    }

    [Fact]
    public void DatabaseClock_SlowRoundTripAfterAQuickOne_IsPlacedAsTightlyAsTheQuickOne()
    {
        var clock = new DatabaseClock();
        clock.Locate(asked: 10, answered: 10.001, database: 1000.0005);

        // 50 ms of round trip: alone it would leave 50 ms of doubt about when the slot starts.
        var (earliest, latest) = clock.Locate(asked: 20, answered: 20.050, database: 1010.02);

        Assert.Equal(20.0195, earliest, 9);
        Assert.Equal(20.0205, latest, 9);
        Assert.True(latest - earliest <= 0.001);
    }

    [Fact]
    public void DatabaseClock_ClockStepped_StartsAfreshFromTheLatestRoundTrip()
    {
        var clock = new DatabaseClock();
        clock.Locate(asked: 10, answered: 10.001, database: 1000.0005);

        // The database's clock jumped a second ahead: no offset fits both samples.
        var (earliest, latest) = clock.Locate(asked: 20, answered: 20.004, database: 1011.002);

        Assert.Equal(20, earliest, 9);
        Assert.Equal(20.004, latest, 9);
    }

    [Fact]
    public void DatabaseClock_QuickRoundTripOutsideTheWindow_NoLongerCounts()
    {
        var clock = new DatabaseClock();
        clock.Locate(asked: 10, answered: 10.001, database: 1000.0005);

        var later = 10 + DatabaseClock.Window.TotalSeconds + 1;
        var (earliest, latest) = clock.Locate(asked: later, answered: later + 0.040, database: later + 990.02);

        Assert.Equal(later, earliest, 9);
        Assert.Equal(later + 0.040, latest, 9);
    }

    [Fact]
    public async Task SlotClock_WaitsEndingOutOfOrder_EachEndsNoEarlierThanItsTime()
    {
        var start = Stopwatch.GetTimestamp();
        var targets = new[] { 40, 5, 25, 15, 30 }.Select(ms => start + ms * Stopwatch.Frequency / 1000).ToArray();

        var woke = await Task.WhenAll(targets.Select(async t =>
        {
            await SlotClock.Shared.WaitUntilAsync(t, CancellationToken.None);
            return Stopwatch.GetTimestamp();
        }));

        Assert.All(targets.Zip(woke), p => Assert.True(p.Second >= p.First, "a wait ended before its time"));
    }

    [Fact]
    public async Task SlotClock_WaitCancelled_EndsAsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var wait = SlotClock.Shared.WaitUntilAsync(Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency, cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public void RateGate_GraceWithinTheHeadroom_ALateSlotNeverAddsAMessageToASecond()
    {
        // Slots spaced at Headroom × rate, each used up to Grace late: a 1-second window sees at most
        // (1 + Grace) × Headroom × rate slots, which must stay below the rate.
        Assert.True((1 + RateGate.Grace.TotalSeconds) * RateGate.Headroom < 1);
    }
}
