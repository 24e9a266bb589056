using Broadcaster.Channels;

namespace Broadcaster.Delivery;

/// <summary>
/// A sender loop's side of the circuit breaker: it counts outage answers in a row, lets
/// <see cref="DispatchDecisions.Breaker"/> decide each step, and carries the step out on the sender's shared gate
/// (which the database guards for every process), with one log line per transition, written by the process whose
/// statement made it.
/// </summary>
internal sealed class SenderBreaker(RateGate gate, DeliveryOptions options, string sender, ILogger log)
{
    private readonly object _sync = new();
    private int _failures;

    /// <summary>One send under way: its slot (and whether that is the breaker's probe), and whether the breaker has had its step for it.</summary>
    public sealed class Attempt(RateGate.GateSlot slot, int generation)
    {
        public RateGate.GateSlot Slot = slot;
        public int Generation = generation;
        public bool Stepped;

        public bool Probe => Slot.Probe;
    }

    public Attempt Begin(RateGate.GateSlot slot) => new(slot, gate.Generation);

    /// <summary>The step after a send's <paramref name="answer"/> (null: the message was not sent after all).</summary>
    public async Task StepAsync(Attempt attempt, SendResult? answer)
    {
        attempt.Stepped = true;
        BreakerStep step;
        lock (_sync)
            (step, _failures) = DispatchDecisions.Breaker(attempt.Probe, answer, _failures, options.BreakerFailures,
                stale: attempt.Generation != gate.Generation);
        try
        {
            switch (step)
            {
                case BreakerStep.Open when await gate.OpenAsync(options.BreakerPause, CancellationToken.None) is { } probeAt:
                    log.LogWarning("Sender {Sender}: circuit breaker open after {Count} provider failures in a row (last: {Error}); next probe at {ProbeAt:HH:mm:ss} UTC",
                        sender, options.BreakerFailures, answer?.Error, probeAt);
                    break;
                case BreakerStep.Reopen:
                    var next = await gate.ProbeFailedAsync(options.BreakerPause, CancellationToken.None);
                    log.LogWarning("Sender {Sender}: probe failed ({Error}); circuit breaker open again, next probe at {ProbeAt:HH:mm:ss} UTC",
                        sender, answer?.Error, next);
                    break;
                case BreakerStep.Close when await gate.ProbeAnsweredAsync(CancellationToken.None):
                    log.LogWarning("Sender {Sender}: probe answered ({Outcome}); circuit breaker closed, sending resumes", sender, answer?.Outcome);
                    break;
                case BreakerStep.GiveBackProbe:
                    await gate.ProbeNotSentAsync(CancellationToken.None);
                    log.LogInformation("Sender {Sender}: the probe's message was not sent; the next message probes", sender);
                    break;
            }
        }
        catch (Exception e)
        {
            // The database is out of reach: a probe not reported is probed again when its window ends.
            log.LogWarning("Sender {Sender}: circuit breaker step {Step} failed: {Error}", sender, step, e.Message);
        }
    }
}
