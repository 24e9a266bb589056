namespace Broadcaster.Delivery;

/// <summary>The circuit breaker's side of the gate: opening it for every process, and what came of its probe.</summary>
public sealed partial class RateGate
{
    /// <summary>
    /// The provider keeps failing: pause this sender for every process, then let one message probe it. The time of
    /// that probe when this call opened the breaker; null when it was open already (a send in flight meanwhile failed too).
    /// </summary>
    public async Task<DateTime?> OpenAsync(TimeSpan pause, CancellationToken ct)
    {
        SetPausedUntil(time.GetTimestamp() + (long)(pause.TotalSeconds * time.TimestampFrequency));
        var probeAt = await bucket.OpenAsync(Sender, pause, ct);
        if (probeAt is not null)
            Interlocked.Increment(ref _generation);
        return probeAt;
    }

    /// <summary>The probe failed: paused again for every process; the time of the next probe.</summary>
    public async Task<DateTime?> ProbeFailedAsync(TimeSpan pause, CancellationToken ct)
    {
        _probing = false;
        Interlocked.Increment(ref _generation);
        SetPausedUntil(time.GetTimestamp() + (long)(pause.TotalSeconds * time.TimestampFrequency));
        return await bucket.ReopenAsync(Sender, pause, ct);
    }

    /// <summary>The provider answered the probe: the breaker closes and sending resumes at once. False when it was closed already.</summary>
    public async Task<bool> ProbeAnsweredAsync(CancellationToken ct)
    {
        _probing = false;
        Interlocked.Increment(ref _generation);
        Volatile.Write(ref _pausedUntil, 0);
        return await bucket.CloseAsync(Sender, ct);
    }

    /// <summary>The probe's message was not sent after all: the next take, in any process, probes.</summary>
    public async Task ProbeNotSentAsync(CancellationToken ct)
    {
        _probing = false;
        await bucket.GiveBackProbeAsync(Sender, ct);
    }
}
