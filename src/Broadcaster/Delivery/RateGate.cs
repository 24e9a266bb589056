namespace Broadcaster.Delivery;

/// <summary>
/// This process's side of one channel's global rate. Takes small blocks of tokens from the shared
/// <see cref="RateBucket"/> (about 0.1 s worth, so a block never reserves much ahead of the other
/// processes) and lets callers go one by one at the slot times the bucket assigned.
/// The bucket hands out slots on the database's clock, which ran at some instant between our request
/// and its answer: a slot is used no earlier than its time counted from the answer, and dropped if not
/// used by its time counted from the request plus <see cref="Grace"/> — never spent late, since late
/// sends bunched with punctual ones would break the 1-second bound. So every send falls within Grace
/// of its slot, and any 1-s window holds at most rate × (1 s + Grace) + 1 sends, across all processes.
/// </summary>
public sealed class RateGate(string channel, double rate, RateBucket bucket, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(20);

    /// <summary>No provider allows this many messages per second: such a rate means "no limit" (drills, benchmarks).</summary>
    public const double Unlimited = 10_000;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly int _blockSize = (int)Math.Clamp(Math.Ceiling(rate * 0.1), 1, 100);
    private long _blockStart;
    private long _blockAsked;
    private double _available;
    private int _issued;
    private int _granted;
    private long _pausedUntil;

    public string Channel { get; } = channel;
    public double Rate { get; } = rate;

    /// <summary>Waits for this caller's slot; return means "send now".</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        if (Rate >= Unlimited)
        {
            var paused = time.GetElapsedTime(time.GetTimestamp(), Volatile.Read(ref _pausedUntil));
            if (paused > TimeSpan.Zero)
                await Task.Delay(paused, time, ct);
            return;
        }
        while (true)
        {
            (long At, long Deadline, bool IsSlot) next;
            await _lock.WaitAsync(ct);
            try
            {
                next = await NextAsync(ct);
            }
            finally
            {
                _lock.Release();
            }
            var wait = time.GetElapsedTime(time.GetTimestamp(), next.At);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, ct);
            if (!next.IsSlot)
                continue;
            var now = time.GetTimestamp();
            if (now > next.Deadline || now < Volatile.Read(ref _pausedUntil))
                continue;
            return;
        }
    }

    /// <summary>The provider said Retry-After: nobody sends on this channel until then, in any process.</summary>
    public async Task PauseAsync(TimeSpan duration, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var until = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
            if (until > _pausedUntil)
                Volatile.Write(ref _pausedUntil, until);
            _issued = _granted;
        }
        finally
        {
            _lock.Release();
        }
        await bucket.PauseAsync(Channel, duration, ct);
    }

    private async Task<(long At, long Deadline, bool IsSlot)> NextAsync(CancellationToken ct)
    {
        var grace = (long)(Grace.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var now = time.GetTimestamp();
            while (_issued < _granted)
            {
                var offset = SlotOffset(_issued++);
                if (now <= _blockAsked + offset + grace)
                    return (_blockStart + offset, _blockAsked + offset + grace, true);
            }
            if (now < _pausedUntil)
                return (_pausedUntil, long.MaxValue, false);
            var asked = time.GetTimestamp();
            var grant = await bucket.TakeAsync(Channel, Rate, _blockSize, ct);
            now = time.GetTimestamp();
            if (grant.Granted == 0)
            {
                _pausedUntil = now + (long)(grant.PausedFor.TotalSeconds * time.TimestampFrequency);
                return (_pausedUntil, long.MaxValue, false);
            }
            (_blockAsked, _blockStart, _available, _issued, _granted) = (asked, now, grant.Available, 0, grant.Granted);
        }
    }

    // Slot i of the block, from the take: when the bucket will have held i + 1 tokens.
    private long SlotOffset(int i) => (long)(Math.Max(0, (i + 1 - _available) / Rate) * time.TimestampFrequency);
}
