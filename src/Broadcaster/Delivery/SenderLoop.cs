using Broadcaster.Alerts;

namespace Broadcaster.Delivery;

/// <summary>
/// This process's loop for one sender: it claims due rows across every alert in flight on the sender into a short
/// in-memory <see cref="PriorityBuffer"/> (about half a second of sends), and one pacer takes the <see cref="RateGate"/>'s
/// slots one by one and gives each to the buffered row of highest priority — chosen when the slot comes, not when
/// the row was claimed — which a send task takes through the <see cref="HandOver"/> re-check to the provider
/// (SenderLoop.Send.cs). Because rows wait in the buffer rather than in sends queued at the gate, a new alert (or a
/// retraction) takes the very next slot however many long broadcasts are running; a new alert is claimed at once
/// even when the buffer is full; and no Hangfire worker is held for any of them. The <see cref="LeaseKeeper"/> keeps
/// the claimed rows ours, the <see cref="SenderBreaker"/> steps the circuit breaker.
/// </summary>
internal sealed partial class SenderLoop
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    internal static readonly TimeSpan ReclaimEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OpenCheckEvery = TimeSpan.FromSeconds(1);

    private readonly Sender _sender;
    private readonly string _channel;
    private readonly RateGate _gate;
    private readonly DispatchDependencies _deps;
    private readonly DeliveryOptions _options;
    private readonly ILogger _log;
    private readonly PriorityBuffer _buffer;
    private readonly LeaseKeeper _leases;
    private readonly SenderBreaker _breaker;
    private readonly OutcomeRecorder _recorder;
    private readonly Action<IReadOnlyList<DeliveryOutcome>> _written;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly int _batch;
    // Sends under way at once: about a second's worth at low rates.
    private readonly int _concurrency;
    private readonly SemaphoreSlim _sending;
    private volatile IReadOnlyDictionary<long, InFlight> _byId = new Dictionary<long, InFlight>();
    private volatile IReadOnlyList<InFlight> _alerts = [];
    private volatile bool _fresh;

    public SenderLoop(Sender sender, string channel, RateGate gate, DispatchDependencies deps, OutcomeRecorder recorder)
    {
        (_sender, _channel, _gate, _deps, _options, _recorder) = (sender, channel, gate, deps, deps.Options.Value, recorder);
        _written = Written;
        _log = deps.Logs.CreateLogger<SenderLoop>();
        _buffer = new PriorityBuffer(Wake);
        _leases = new LeaseKeeper(deps.Ledger);
        _breaker = new SenderBreaker(gate, _options, sender.Key, _log);
        _batch = (int)Math.Clamp(Math.Ceiling(sender.Rate * 0.5), 1, 1000);
        _concurrency = (int)Math.Clamp(Math.Ceiling(sender.Rate), 1, _options.MaxConcurrency);
        _sending = new SemaphoreSlim(_concurrency);
    }

    /// <summary>The rows this loop holds, for the process's <see cref="LeaseRenewal"/>.</summary>
    public LeaseKeeper Leases => _leases;

    /// <summary>The alerts in flight on this sender (any order); takes effect at the next claim and the next slot.</summary>
    public void Update(IEnumerable<InFlight> alerts)
    {
        var sorted = DispatchDecisions.ByPriority(alerts);
        var before = _byId;
        _byId = sorted.ToDictionary(a => a.Alert.Id);
        _alerts = sorted;
        _buffer.Order([.. sorted.Select(a => a.Alert.Id)]);
        if (sorted.Any(a => !before.ContainsKey(a.Alert.Id)))
            _fresh = true;
        Wake();
    }

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pacer = Task.Run(() => PaceAsync(stop.Token));
        try
        {
            await ClaimLoopAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Sends already started finish and are recorded; rows never begun go back with their attempt uncounted.
            stop.Cancel();
            await pacer;
            await _recorder.DrainAsync();
            await _leases.ReleaseAllAsync();
        }
    }

    private void Record(DeliveryOutcome outcome) => _recorder.Add(outcome, _written);

    private void Written(IReadOnlyList<DeliveryOutcome> batch)
    {
        _leases.Written(batch);
        _deps.Metrics.Recorded(_sender.Key, _channel, batch);
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        long lastReclaim = 0, lastOpenCheck = 0;
        var time = _deps.Time;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var alerts = _alerts;
            if (alerts.Count > 0 && (lastReclaim == 0 || time.GetElapsedTime(lastReclaim) > ReclaimEvery))
            {
                var reclaimed = await _deps.Ledger.ReclaimExpiredAsync([.. alerts.Select(a => a.Alert.Id)], _channel, ct);
                if (reclaimed > 0)
                    _log.LogWarning("Sender {Sender}: reclaimed {Count} rows whose lease expired (a process died); counted as possibly sent twice", _sender.Key, reclaimed);
                lastReclaim = time.GetTimestamp();
            }
            var queued = _buffer.Count;
            var claimed = 0;
            // A new alert is claimed at once, past a full buffer (a second's worth at most), so it takes the next slot.
            var fresh = _fresh;
            _fresh = false;
            var room = Math.Max(_batch - queued, fresh ? _batch : 0);
            // While the provider asked us to wait, claim nothing: the rows wait in the database, attempts untouched.
            if ((queued <= _batch / 2 || fresh) && !await _gate.PausedAsync(ct))
            {
                foreach (var alert in alerts.Where(a => a.Status == "sending"))
                {
                    var rows = await _deps.Ledger.ClaimAsync(alert.Alert.Id, alert.Alert.ReplyTo, _channel, room - claimed, _options.Lease, ct);
                    foreach (var row in rows)
                        Admit(row, alert);
                    claimed += rows.Count;
                    if (claimed >= room)
                        break;
                }
            }
            if (claimed > 0)
                continue;
            if (alerts.Count > 0 && (lastOpenCheck == 0 || time.GetElapsedTime(lastOpenCheck) > OpenCheckEvery))
            {
                lastOpenCheck = time.GetTimestamp();
                await CloseFinishedAsync(alerts, ct);
            }
            await _wake.WaitAsync(Idle, ct);
        }
    }

    // Aborted alerts lose their pending rows; alerts with nothing left on this channel (and nothing held here) are closed.
    private async Task CloseFinishedAsync(IReadOnlyList<InFlight> alerts, CancellationToken ct)
    {
        foreach (var aborted in alerts.Where(a => a.Status == "aborted"))
            await _deps.Ledger.SkipPendingAsync(aborted.Alert.Id, _channel, "alert aborted", ct);
        var open = (await _deps.Ledger.OpenAsync([.. alerts.Select(a => a.Alert.Id)], _channel, ct)).ToDictionary(o => o.AlertId);
        _deps.Metrics.Pending(_sender.Key, _channel, open.Values.Sum(o => o.Pending + o.Sending));
        var holding = _leases.Alerts();
        foreach (var alert in alerts.Where(a => !open.ContainsKey(a.Alert.Id) && !holding.Contains(a.Alert.Id)))
            await _deps.Completion.TryCompleteAsync(alert.Alert.Id, ct);
    }

    private void Admit(ClaimedDelivery row, InFlight alert)
    {
        _leases.Hold(row);
        if (DispatchDecisions.Admit(row, alert, _deps.Time.GetUtcNow(), _options.GiveUpAfter) is { } final)
            Record(final);
        else
            _buffer.Add(row);
    }

    /// <summary>
    /// The pacer: for each send (at most <c>_concurrency</c> at once) it waits for the gate's next slot, sized for
    /// the buffered row of highest priority, and then gives the slot to whichever row has the highest priority by
    /// then (a retraction or new alert claimed meanwhile), provided it costs no more tokens than the slot holds.
    /// </summary>
    private async Task PaceAsync(CancellationToken ct)
    {
        var warm = false;
        try
        {
            while (true)
            {
                await _sending.WaitAsync(ct);
                var launched = false;
                try
                {
                    var first = await _buffer.PeekAsync(ct);
                    if (!_byId.TryGetValue(first.AlertId, out var firstAlert) || firstAlert.Status != "sending")
                    {
                        // Aborted while buffered: no slot needed to skip it.
                        _buffer.Take(first);
                        Record(new(first.AlertId, first.SubscriberId, "skipped", Error: "alert aborted"));
                        continue;
                    }
                    var tokens = TextOf(firstAlert, first).Tokens;
                    // The hand-over re-check runs while the slot is waited for, so that the send goes out at its
                    // slot rather than one database round trip later (which bunched sends into one more message
                    // in a second). Its locks hold a STOP until that send is done.
                    var check = _deps.HandOver.CheckAsync(first, ct);
                    RateGate.GateSlot slot;
                    try
                    {
                        slot = await _gate.WaitAsync(tokens, ct);
                    }
                    catch (Exception e)
                    {
                        _ = ReleaseAsync(check);
                        if (e is OperationCanceledException)
                            throw;
                        // The shared bucket is out of reach (the database): the rows stay buffered, under lease.
                        _log.LogWarning("Sender {Sender}: waiting for a send slot failed: {Error}", _sender.Key, e.Message);
                        await Task.Delay(TimeSpan.FromSeconds(1), _deps.Time, ct);
                        continue;
                    }
                    var byId = _byId;
                    var row = _buffer.TakeBest(r => byId.TryGetValue(r.AlertId, out var a) && TextOf(a, r).Tokens <= tokens);
                    var (taken, alert) = row is not null ? (row, byId[row.AlertId]) : (_buffer.Take(first), firstAlert);
                    var (text, cost) = TextOf(alert, taken);
                    Task<HandOver.Ticket>? checkedRow = null;
                    if (ReferenceEquals(taken, first))
                        checkedRow = check;
                    else
                        _ = ReleaseAsync(check);
                    if (slot.Probe)
                        _log.LogInformation("Sender {Sender}: circuit breaker half open: one message probes the provider", _sender.Key);
                    launched = true;
                    var attempt = _breaker.Begin(slot);
                    var send = Task.Run(() => SendAsync(taken, alert, text, cost, checkedRow, attempt, ct), CancellationToken.None);
                    // A fresh process's first send is slow (new connections, code compiled on first use): the ones
                    // after it would catch up with it and reach the provider bunched. So the first goes alone.
                    if (!warm)
                    {
                        warm = true;
                        await send;
                    }
                }
                finally
                {
                    if (!launched)
                        _sending.Release();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Every send under way finishes (and is recorded) before the loop ends.
            for (var i = 0; i < _concurrency; i++)
                await _sending.WaitAsync(CancellationToken.None);
        }
    }
}
