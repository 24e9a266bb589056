using System.Collections.Concurrent;

namespace Broadcaster.Delivery;

/// <summary>One <see cref="RateGate"/> per (sender key, rate) in this process, shared by all its dispatchers.</summary>
public sealed class RateGates(RateBucket bucket, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Sender, double Rate), RateGate> _gates = new();

    // Keyed by the rate too: a sender whose rate an operator changes gets a fresh gate (the bucket row stays).
    public RateGate For(string sender, double rate) => _gates.GetOrAdd((sender, rate), k => new RateGate(k.Sender, k.Rate, bucket, time, DeliveryOptions.ProbeWindow));

    public RateGate For(Sender sender) => For(sender.Key, sender.Rate);
}
