namespace Broadcaster.Delivery;

/// <summary>
/// Wakes the <see cref="RateGate"/>s at their slot times from one dedicated thread. Task.Delay's timer hands its
/// callback to the thread pool, where it queues behind whatever else is running; with a few dozen senders at
/// 50 messages/s that put one wake-up in ten more than 20 ms late (measured: p90 11–18 ms, p99 over 30 ms), and a
/// slot that late is lost, not spent. Here the waiting code resumes on the clock's own thread, which does
/// nothing else; it only decides who sends next and hands the send itself to the pool.
/// </summary>
internal sealed class SlotClock
{
    public static readonly SlotClock Shared = new();

    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly object _sync = new();

    private SlotClock()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Broadcaster slot clock" };
        thread.Start();
    }

    /// <summary>Completes at <paramref name="timestamp"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks) or later, never earlier.</summary>
    public Task WaitUntilAsync(long timestamp, CancellationToken ct)
    {
        if (System.Diagnostics.Stopwatch.GetTimestamp() >= timestamp)
            return Task.CompletedTask;
        // Continuations run on the clock's thread (no RunContinuationsAsynchronously): that is the point.
        var tcs = new TaskCompletionSource();
        lock (_sync)
        {
            var earliest = _due.TryPeek(out _, out var first) ? first : long.MaxValue;
            _due.Enqueue(tcs, timestamp);
            if (timestamp < earliest)
                Monitor.Pulse(_sync);
        }
        return ct.CanBeCanceled ? CancellableAsync(tcs, ct) : tcs.Task;
    }

    private static async Task CancellableAsync(TaskCompletionSource tcs, CancellationToken ct)
    {
        // A cancelled wait stays queued until its time and is then completed in vain: harmless.
        await using (ct.Register(() => tcs.TrySetCanceled(ct)))
            await tcs.Task;
    }

    private void Run()
    {
        var ticksPerMs = System.Diagnostics.Stopwatch.Frequency / 1000.0;
        while (true)
        {
            TaskCompletionSource? due = null;
            lock (_sync)
            {
                if (!_due.TryPeek(out var next, out var at))
                    Monitor.Wait(_sync);
                else
                {
                    var wait = at - System.Diagnostics.Stopwatch.GetTimestamp();
                    if (wait <= 0)
                        due = _due.Dequeue();
                    else
                        // Whole milliseconds, rounded up: never early; the loop checks again.
                        Monitor.Wait(_sync, TimeSpan.FromMilliseconds(Math.Ceiling(wait / ticksPerMs)));
                }
            }
            if (due is null)
                continue;
            try
            {
                due.TrySetResult();
            }
            catch (Exception)
            {
                // A continuation that throws must not stop the clock (an await's continuation does not throw here).
            }
        }
    }
}
