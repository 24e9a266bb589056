using Broadcaster.Delivery;

namespace Broadcaster.Tests.Delivery;

/// <summary>The sender loop's buffer alone: which claimed row gets the next slot.</summary>
public sealed class PriorityBufferTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static ClaimedDelivery Row(long alertId, long subscriberId) =>
        new(subscriberId, 1, "active", [1], 1, "en", null) { AlertId = alertId };

    private static InFlight Alert(long id, string kind, double minutesAgo) =>
        new(new AlertContent(id, 1, kind, kind == "confirmed" ? null : 1, "RRN", new Dictionary<string, string> { ["en"] = "x" }), "sending", Now.AddMinutes(-minutesAgo));

    private static List<string> Drain(PriorityBuffer buffer)
    {
        var taken = new List<string>();
        while (buffer.Peek() is { } row)
            taken.Add($"{buffer.Take(row).AlertId}:{row.SubscriberId}");
        return taken;
    }

    public static TheoryData<long[], (long Alert, long Subscriber)[], string[]> Orders => new()
    {
        // priority order (first first), rows in claim order -> rows in the order they get slots
        { [1], [(1, 10), (1, 11), (1, 12)], ["1:10", "1:11", "1:12"] },
        { [3, 1], [(1, 10), (1, 11), (3, 30)], ["3:30", "1:10", "1:11"] },
        { [2, 3, 1], [(1, 10), (3, 30), (2, 20), (3, 31), (2, 21)], ["2:20", "2:21", "3:30", "3:31", "1:10"] },
        // Rows of an alert no longer in flight here come after every alert that is.
        { [1], [(9, 90), (1, 10)], ["1:10", "9:90"] },
        { [], [(4, 40), (4, 41)], ["4:40", "4:41"] },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Take_Table(long[] order, (long Alert, long Subscriber)[] rows, string[] expected)
    {
        var buffer = new PriorityBuffer(() => { });
        buffer.Order(order);
        foreach (var (alert, subscriber) in rows)
            buffer.Add(Row(alert, subscriber));

        Assert.Equal(rows.Length, buffer.Count);
        Assert.Equal(expected, Drain(buffer));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Take_RetractionClaimedWhileOthersWait_TakesTheNextSlot()
    {
        var buffer = new PriorityBuffer(() => { });
        var old = Alert(1, "confirmed", 30);
        var newer = Alert(2, "confirmed", 5);
        buffer.Order([.. DispatchDecisions.ByPriority([old, newer]).Select(a => a.Alert.Id)]);
        buffer.Add(Row(1, 10));
        buffer.Add(Row(2, 20));
        buffer.Add(Row(2, 21));
        Assert.Equal(2, buffer.Take(buffer.Peek()!).AlertId);

        // The slot for the next row is being waited for when a retraction of the old alert is claimed.
        buffer.Order([.. DispatchDecisions.ByPriority([old, newer, Alert(3, "retraction", 0)]).Select(a => a.Alert.Id)]);
        buffer.Add(Row(3, 10));

        Assert.Equal(["3:10", "2:21", "1:10"], Drain(buffer));
    }

    [Fact]
    public void TakeBest_RowDoesNotFitTheSlot_NothingTakenAndTheRowStays()
    {
        var taken = 0;
        var buffer = new PriorityBuffer(() => taken++);
        buffer.Order([2, 1]);
        var waiting = Row(1, 10);
        buffer.Add(waiting);
        buffer.Add(Row(2, 20));

        Assert.Null(buffer.TakeBest(r => r.AlertId != 2));
        Assert.Equal((2, 0), (buffer.Count, taken));
        Assert.Equal(20, buffer.TakeBest(_ => true)!.SubscriberId);
        Assert.Equal((1, 1), (buffer.Count, taken));
        Assert.Same(waiting, buffer.Take(waiting));
    }

    [Fact]
    public void Take_RowBehindAnotherOfItsAlert_Refused()
    {
        var buffer = new PriorityBuffer(() => { });
        var second = Row(1, 11);
        buffer.Add(Row(1, 10));
        buffer.Add(second);

        Assert.Throws<InvalidOperationException>(() => buffer.Take(second));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public async Task PeekAsync_EmptyBuffer_WaitsForTheFirstRow()
    {
        var buffer = new PriorityBuffer(() => { });
        var peek = buffer.PeekAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(peek.IsCompleted);

        buffer.Add(Row(1, 10));

        Assert.Equal(10, (await peek.WaitAsync(TimeSpan.FromSeconds(10))).SubscriberId);
        Assert.Equal(1, buffer.Count);
    }
}
