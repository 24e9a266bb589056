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

    [Theory]
    [InlineData(1, 0.0005)]
    [InlineData(3, 0.0005)]
    [InlineData(20, 0.0005)]
    [InlineData(100, 0.0005)]
    [InlineData(1000, 0.0005)]
    [InlineData(1000, 0.010)]
    // A database 40 ms away (another region) or one this slow for half a minute: the slot's place on our clock is
    // less sure than the grace allows; the gate must still send at it rather than lose every slot.
    [InlineData(20, 0.040)]
    [InlineData(1000, 0.040)]
    public void RateGate_EverySlotUsedAsLateAsItMayBe_NoSecondHoldsMoreThanTheRate(double rate, double roundTripSeconds)
    {
        // Three seconds of the gate's slots from a full bucket (the most it ever hands out at once), the database's
        // clock placed on ours within the round trip. Whichever instant between its At and its Deadline each slot
        // is used at, no 1-second window may hold more than the rate: the provider counts sends in such windows.
        const long frequency = 1_000_000_000;
        var uncertainty = (long)(roundTripSeconds * frequency);
        var slots = Enumerable.Range(0, (int)(3 * rate))
            .Select(i => RateGate.Slot(i, available: 1, slotRate: rate * RateGate.Headroom, blockEarliest: 0, blockLatest: uncertainty, frequency))
            .ToList();

        Assert.All(slots, s => Assert.True(s.Deadline > s.At, "a slot that cannot be used at all"));
        // The fullest window starts at some slot's deadline (its latest use) and takes every slot it can reach.
        var fullest = slots.Max(start => slots.Count(s => s.At < start.Deadline + frequency && s.Deadline >= start.Deadline));
        Assert.InRange(fullest, 1, (int)rate);
    }
}
