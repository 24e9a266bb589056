namespace Broadcaster.Delivery;

/// <summary>
/// This process's side of one sender's global rate. Takes small blocks of tokens from the shared
/// <see cref="RateBucket"/> (about 0.2 s worth, so a block never reserves much ahead of the other
/// processes, while 23 senders at 100/s take 115 blocks a second rather than 230; the next block is asked for while the last slot of the current one is waited for) and lets
/// callers go one by one at the slot times the bucket assigned; a message costing n tokens (SMS segments)
/// goes at the slot of its last token, so messages are spaced n / rate apart.
/// The bucket hands out slots on the database's clock; <see cref="DatabaseClock"/> places that clock on ours
/// within the quickest round trip seen. A slot is used no earlier than the latest local instant it may stand
/// for, and not later than the earliest plus <see cref="Grace"/>: a send never goes early, and never late
/// enough to bunch with punctual ones into one more message in a 1-second window. A slot missed (the caller
/// woke too late) is not spent late but lost, as in any token bucket: a late caller costs rate, never accuracy.
/// Slots are spaced at <see cref="Headroom"/> of the rate (the bucket refills at that pace too) so that
/// this Grace never lets one more message into a 1-second window: any such window holds at most the rate
/// (plus the bucket's one-token capacity). Slots are waited for on the <see cref="SlotClock"/>, not the thread
/// pool's timers, and the hand-over re-check is made during the wait, so that sends leave at their slots.
/// </summary>
public sealed partial class RateGate(string sender, double rate, RateBucket bucket, TimeProvider time, TimeSpan? probeFor = null)
{
    /// <summary>How late a slot may still be used: (1 + Grace) × <see cref="Headroom"/> must stay below 1 (15 ms: 0.99978).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(15);

    /// <summary>No provider allows this many messages per second: such a rate means "no limit" (drills, benchmarks).</summary>
    public const double Unlimited = 10_000;

    /// <summary>
    /// Share of the configured rate the slots are spaced at (see the class comment). It is also the most a sender
    /// can reach: 0.97 with a 30-ms grace left no room for a single lost slot under a −3 % goal.
    /// </summary>
    public const double Headroom = 0.985;

    /// <summary>The tokens a process takes from the bucket at once: this many seconds of the rate (see the class comment).</summary>
    internal const double BlockSeconds = 0.2;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly int _blockSize = (int)Math.Clamp(Math.Ceiling(rate * BlockSeconds), 1, 200);
    private readonly double _slotRate = rate * Headroom;
    private readonly DatabaseClock _clock = new();
    // The block's time zero (the database's now at the take) on our clock: earliest and latest possible.
    private long _blockEarliest;
    private long _blockLatest;
    private double _available;
    private int _issued;
    private int _granted;
    private Task<(long Asked, long Answered, BucketGrant Grant)>? _prefetch;
    private long _pausedUntil;
    // When this process last learned (or set) the pause: past PauseRecheck the bucket is asked again, because
    // another process may have closed the breaker or given its probe back.
    private long _pauseSeenAt;
    private int _generation;
    private long _tokensTaken;
    private long _tokensMissed;
    private volatile bool _probing;

    /// <summary>How stale this process's view of a pause may get: a breaker closed elsewhere reaches it within this.</summary>
    public static readonly TimeSpan PauseRecheck = TimeSpan.FromSeconds(1);

    /// <summary>The bucket's key: "sms", "telegram", "sms:&lt;network id&gt;".</summary>
    public string Sender { get; } = sender;

    /// <summary>Tokens per second (SMS segments, Telegram messages), all processes together.</summary>
    public double Rate { get; } = rate;

    /// <summary>True while the provider asked this sender to wait (Retry-After).</summary>
    public bool IsPaused => time.GetTimestamp() < Volatile.Read(ref _pausedUntil);

    /// <summary>True while this gate holds the breaker's probe and its answer has not come back.</summary>
    public bool Probing => _probing;

    /// <summary>Tokens this gate took from the bucket, and those of them whose slot passed unused (a caller woke too late).</summary>
    internal (long Taken, long Missed) Tokens => (Interlocked.Read(ref _tokensTaken), Interlocked.Read(ref _tokensMissed));

    /// <summary>Counts this process's breaker transitions: an answer to a send whose slot came before the last one is stale.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// <see cref="IsPaused"/>, asking the bucket again when this process's view of the pause is older than
    /// <see cref="PauseRecheck"/>: a breaker closed (or a probe given back) in another process ends the pause here too.
    /// </summary>
    public async Task<bool> PausedAsync(CancellationToken ct)
    {
        var paused = Volatile.Read(ref _pausedUntil);
        var now = time.GetTimestamp();
        if (now >= paused || time.GetElapsedTime(Volatile.Read(ref _pauseSeenAt), now) < PauseRecheck)
            return now < paused;
        var (stillPaused, _, _) = await bucket.StateAsync(Sender, ct);
        Volatile.Write(ref _pauseSeenAt, time.GetTimestamp());
        // Not paused there (a breaker whose pause has ended is probed by the next take): not here either.
        if (!stillPaused)
            Interlocked.CompareExchange(ref _pausedUntil, 0, paused);
        return IsPaused;
    }

    /// <summary>
    /// Waits for the slot of a message costing <paramref name="tokens"/>; return means "send now". True: this slot
    /// is the circuit breaker's probe, and its caller must report what came of it (<see cref="ProbeAnsweredAsync"/>,
    /// <see cref="ProbeFailedAsync"/> or <see cref="ProbeNotSentAsync"/>), or nobody probes until the probe's window ends.
    /// </summary>
    public async Task<GateSlot> WaitAsync(int tokens, CancellationToken ct)
    {
        tokens = Math.Max(1, tokens);
        if (Rate >= Unlimited)
        {
            var paused = time.GetElapsedTime(time.GetTimestamp(), Volatile.Read(ref _pausedUntil));
            if (paused > TimeSpan.Zero)
                await Task.Delay(paused, time, ct);
            return new(false, long.MaxValue);
        }
        while (true)
        {
            (long At, long Deadline, bool IsSlot, bool Probe) next;
            await _lock.WaitAsync(ct);
            try
            {
                next = await NextAsync(tokens, ct);
            }
            finally
            {
                _lock.Release();
            }
            if (next.Probe)
                return new(true, long.MaxValue);
            // Timers count whole milliseconds and may fire up to one early: wait until the slot has surely come.
            long now;
            while ((now = time.GetTimestamp()) < next.At)
            {
                if (time == TimeProvider.System)
                    await SlotClock.Shared.WaitUntilAsync(next.At, ct);
                else
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(time.GetElapsedTime(now, next.At).TotalMilliseconds) + 1), time, ct);
            }
            if (!next.IsSlot)
                continue;
            if (now > next.Deadline || now < Volatile.Read(ref _pausedUntil))
            {
                Interlocked.Add(ref _tokensMissed, tokens);
                continue;
            }
            return new(false, next.Deadline);
        }
    }

    /// <summary>
    /// Whether a send given <paramref name="slot"/> is still on time: a slot passes at its deadline however it was
    /// delayed after the wait (a slow hand-over check, a busy thread pool). A late send would bunch with punctual
    /// ones, so it is not sent but waits for a new slot, and its tokens count as missed.
    /// </summary>
    public bool OnTime(GateSlot slot, int tokens)
    {
        if (slot.Probe || time.GetTimestamp() <= slot.Deadline)
            return true;
        Interlocked.Add(ref _tokensMissed, Math.Max(1, tokens));
        return false;
    }

    /// <summary>What <see cref="WaitAsync"/> gave: whether it is the breaker's probe, and until when (timestamp) the send may go.</summary>
    public readonly record struct GateSlot(bool Probe, long Deadline);

    /// <summary>The provider said Retry-After: nobody sends through this sender until then, in any process.</summary>
    public async Task PauseAsync(TimeSpan duration, CancellationToken ct)
    {
        // At once and without the lock (a take may hold it for a database round trip): a caller whose slot
        // comes up meanwhile must already see the pause.
        SetPausedUntil(time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency));
        await _lock.WaitAsync(ct);
        try
        {
            (_issued, _prefetch) = (_granted, null);
        }
        finally
        {
            _lock.Release();
        }
        await bucket.PauseAsync(Sender, duration, ct);
    }

    private void SetPausedUntil(long until)
    {
        Volatile.Write(ref _pauseSeenAt, time.GetTimestamp());
        long seen;
        while ((seen = Volatile.Read(ref _pausedUntil)) < until && Interlocked.CompareExchange(ref _pausedUntil, until, seen) != seen)
        {
        }
    }

    private async Task<(long At, long Deadline, bool IsSlot, bool Probe)> NextAsync(int tokens, CancellationToken ct)
    {
        var grace = (long)(Grace.TotalSeconds * time.TimestampFrequency);
        var taken = 0;
        (long At, long Deadline) last = default;
        while (true)
        {
            var now = time.GetTimestamp();
            while (_issued < _granted && taken < tokens)
                (last, taken) = (Slot(_issued++, _available, _slotRate, _blockEarliest, _blockLatest, time.TimestampFrequency), taken + 1);
            if (taken == tokens)
            {
                if (now <= last.Deadline)
                {
                    // The block's last slot: the next block is asked for now, while this slot is waited for, so
                    // that the bucket's round trip never makes the slot after it late.
                    if (_issued == _granted && _prefetch is null && !_probing)
                        _prefetch = PrefetchAsync(tokens);
                    return (last.At, last.Deadline, true, false);
                }
                // The message's last slot is already past: those tokens are spent unused (the rate only drops).
                Interlocked.Add(ref _tokensMissed, taken);
                taken = 0;
                continue;
            }
            // Paused: wait, but ask the bucket again within PauseRecheck (a breaker may have closed meanwhile).
            var pausedUntil = Volatile.Read(ref _pausedUntil);
            if (now < pausedUntil)
            {
                var recheck = Volatile.Read(ref _pauseSeenAt) + (long)(PauseRecheck.TotalSeconds * time.TimestampFrequency);
                if (now < recheck)
                    return (Math.Min(pausedUntil, recheck), long.MaxValue, false, false);
            }
            long asked;
            BucketGrant grant;
            // A prefetched block is always used, even when the message needs more: its tokens were taken from the
            // bucket, and dropping them lost a slot per message (4-segment messages at 10/s got 7.8 segments/s).
            if (_prefetch is { } prefetch)
            {
                _prefetch = null;
                (asked, now, grant) = await prefetch;
            }
            else
            {
                _prefetch = null;
                asked = time.GetTimestamp();
                grant = await bucket.TakeAsync(Sender, _slotRate, Math.Max(_blockSize, tokens - taken), ct, probeFor);
                now = time.GetTimestamp();
                Taken(grant);
            }
            if (grant.Probe)
            {
                // The breaker's probe: one message whatever its cost; everyone else waits for its answer.
                _probing = true;
                (_issued, _granted) = (0, 0);
                return (now, now + grace, true, true);
            }
            if (grant.Granted == 0)
            {
                Volatile.Write(ref _pauseSeenAt, now);
                Volatile.Write(ref _pausedUntil, now + (long)(grant.PausedFor.TotalSeconds * time.TimestampFrequency));
                return (Math.Min(_pausedUntil, now + (long)(PauseRecheck.TotalSeconds * time.TimestampFrequency)), long.MaxValue, false, false);
            }
            // The bucket is not paused (any more): neither is this process, unless a Retry-After came meanwhile.
            Interlocked.CompareExchange(ref _pausedUntil, 0, pausedUntil);
            var f = (double)time.TimestampFrequency;
            var (earliest, latest) = _clock.Locate(asked / f, now / f, grant.DatabaseSeconds);
            (_blockEarliest, _blockLatest, _available, _issued, _granted) = ((long)(earliest * f), (long)Math.Ceiling(latest * f), grant.Available, 0, grant.Granted);
        }
    }

    // Not cancellable: the round trip is short, and its tokens are used by the next call whoever makes it.
    // Sized for a message like the last one (SMS segments), so that one take covers it.
    private async Task<(long Asked, long Answered, BucketGrant Grant)> PrefetchAsync(int tokens)
    {
        var asked = time.GetTimestamp();
        var grant = await bucket.TakeAsync(Sender, _slotRate, Math.Max(_blockSize, tokens), CancellationToken.None, probeFor);
        Taken(grant);
        return (asked, time.GetTimestamp(), grant);
    }

    private void Taken(BucketGrant grant)
    {
        if (!grant.Probe)
            Interlocked.Add(ref _tokensTaken, grant.Granted);
    }

    /// <summary>How long a slot stays usable from its At when the database's clock is placed less surely than the grace allows.</summary>
    internal static readonly TimeSpan UnsureGrace = TimeSpan.FromMilliseconds(2.5);

    /// <summary>
    /// Slot <paramref name="i"/> of a block (the bucket, holding <paramref name="available"/> at the take, has i + 1 tokens): used
    /// no earlier than At (the latest local instant it may stand for), no later than Deadline. With the database's clock less sure
    /// than the grace allows (round trips over 12 ms for half a minute) still <see cref="UnsureGrace"/> from At: a little
    /// bunched, not every slot lost.
    /// </summary>
    internal static (long At, long Deadline) Slot(int i, double available, double slotRate, long blockEarliest, long blockLatest, long frequency)
    {
        var offset = (long)(Math.Max(0, (i + 1 - available) / slotRate) * frequency);
        var (grace, unsure) = ((long)(Grace.TotalSeconds * frequency), (long)(UnsureGrace.TotalSeconds * frequency));
        return (blockLatest + offset, Math.Max(blockEarliest + grace, blockLatest + unsure) + offset);
    }
}
