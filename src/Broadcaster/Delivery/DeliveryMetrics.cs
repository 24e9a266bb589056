using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Broadcaster.Delivery;

/// <summary>
/// The fan-out's instruments on the "Broadcaster" meter (exported at /metrics by the OpenTelemetry Prometheus
/// exporter). Tags are channel and sender key only: never an address, an alert text or a subscriber.
/// </summary>
public sealed class DeliveryMetrics : IDisposable
{
    public const string MeterName = "Broadcaster";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _skipped;
    private readonly Counter<double> _overRate;
    private readonly Histogram<double> _receiptLatency;
    private readonly ConcurrentDictionary<(string Sender, string Channel), long> _pending = new();
    private readonly ConcurrentDictionary<string, SenderState> _state = new();

    public DeliveryMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _sent = _meter.CreateCounter<long>("broadcaster.deliveries.sent", "{message}", "Messages handed to the provider");
        _failed = _meter.CreateCounter<long>("broadcaster.deliveries.failed", "{message}", "Messages failed for good");
        _retried = _meter.CreateCounter<long>("broadcaster.deliveries.retried", "{message}", "Sends answered 'try again later'");
        _skipped = _meter.CreateCounter<long>("broadcaster.deliveries.skipped", "{message}", "Messages not sent: STOP, abort, superseded");
        _overRate = _meter.CreateCounter<double>("broadcaster.replies.over_rate", "{token}",
            "Reply and notice tokens sent beyond the sender's rate: its bucket's debt was at its bound (Delivery:ReplyDebt)");
        _receiptLatency = _meter.CreateHistogram<double>("broadcaster.receipts.latency", "s", "From a message's send to its delivery receipt");
        _meter.CreateObservableGauge("broadcaster.deliveries.pending", ObservePending, "{message}", "Rows pending or being sent, per sender");
        _meter.CreateObservableGauge("broadcaster.sender.paused", () => ObserveState(s => s.Paused ? 1 : 0), description: "1 while the provider asked the sender to wait");
        _meter.CreateObservableGauge("broadcaster.sender.breaker_open", () => ObserveState(s => s.BreakerOpen ? 1 : 0), description: "1 while the sender's circuit breaker is open (or its probe is out)");
        _meter.CreateObservableGauge("broadcaster.sender.breaker_next_probe", () => ObserveState(s => s.NextProbeSeconds), "s",
            "Seconds until the open breaker's next probe (or until its probe's answer is given up on); 0 while closed");
    }

    public void Recorded(string sender, string channel, IReadOnlyList<DeliveryOutcome> batch)
    {
        var tags = Tags(sender, channel);
        foreach (var o in batch)
        {
            var counter = o.Status switch
            {
                "sent" => _sent,
                "failed" => _failed,
                "pending" => _retried,
                _ => _skipped,
            };
            counter.Add(1, tags);
        }
    }

    public void RepliesOverRate(string sender, string channel, double tokens) => _overRate.Add(tokens, Tags(sender, channel));

    public void Pending(string sender, string channel, long rows) => _pending[(sender, channel)] = rows;

    public void State(string sender, bool paused, bool breakerOpen, double nextProbeSeconds) => _state[sender] = new(paused, breakerOpen, nextProbeSeconds);

    public void ReceiptLatency(string channel, TimeSpan latency) =>
        _receiptLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));

    private IEnumerable<Measurement<long>> ObservePending() =>
        _pending.Select(p => new Measurement<long>(p.Value, Tags(p.Key.Sender, p.Key.Channel)));

    private IEnumerable<Measurement<double>> ObserveState(Func<SenderState, double> pick) =>
        _state.Select(s => new Measurement<double>(pick(s.Value), new KeyValuePair<string, object?>("sender", s.Key)));

    private sealed record SenderState(bool Paused, bool BreakerOpen, double NextProbeSeconds);

    private static KeyValuePair<string, object?>[] Tags(string sender, string channel) =>
        [new("channel", channel), new("sender", sender)];

    public void Dispose() => _meter.Dispose();
}
