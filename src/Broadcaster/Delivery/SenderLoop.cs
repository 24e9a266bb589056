using System.Collections.Concurrent;
using System.Security.Cryptography;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Privacy;

namespace Broadcaster.Delivery;

/// <summary>
/// This process's loop for one sender: it claims due rows across every alert in flight on the sender into a short
/// in-memory buffer (about half a second of sends), and one pacer takes the <see cref="RateGate"/>'s slots one by
/// one and gives each to the buffered row of highest priority (<see cref="DispatchDecisions.ByPriority"/>) — chosen
/// when the slot comes, not when the row was claimed — which a send task takes through the <see cref="HandOver"/>
/// re-check to the provider. Because rows wait in the buffer rather than in sends queued at the gate, a new alert
/// (or a retraction) takes the very next slot however many long broadcasts are running; a new alert is claimed at
/// once even when the buffer is full; and no Hangfire worker is held for any of them.
/// </summary>
internal sealed class SenderLoop(
    Sender sender, string channel, RateGate gate, DeliveryLedger ledger, HandOver handOver, Completion completion,
    AddressProtector protector, DeliveryOptions options, DeliveryMetrics metrics, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    internal static readonly TimeSpan ReclaimEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OpenCheckEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    // Claimed rows not yet given a slot, per alert in claim order; only the pacer takes from it.
    private readonly Dictionary<long, Queue<ClaimedDelivery>> _buffer = [];
    private readonly ConcurrentDictionary<(long AlertId, long SubscriberId), byte> _held = new();
    private readonly ConcurrentDictionary<(long AlertId, string Language), (string Text, int Tokens)> _texts = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _ready = new(0);
    private readonly int _batch = (int)Math.Clamp(Math.Ceiling(sender.Rate * 0.5), 1, 1000);
    // Sends under way at once: about a second's worth at low rates.
    private readonly int _concurrency = ConcurrencyAt(sender.Rate, options);
    private readonly SemaphoreSlim _sending = new(ConcurrencyAt(sender.Rate, options));
    private volatile IReadOnlyDictionary<long, InFlight> _byId = new Dictionary<long, InFlight>();
    private volatile IReadOnlyList<InFlight> _alerts = [];
    private volatile bool _fresh;
    private readonly object _breaker = new();
    private int _buffered;
    private int _failures;

    public Sender Sender => sender;

    private static int ConcurrencyAt(double rate, DeliveryOptions options) => (int)Math.Clamp(Math.Ceiling(rate), 1, options.MaxConcurrency);

    /// <summary>The alerts in flight on this sender (any order); takes effect at the next claim and the next slot.</summary>
    public void Update(IEnumerable<InFlight> alerts)
    {
        var sorted = DispatchDecisions.ByPriority(alerts);
        var before = _byId;
        _byId = sorted.ToDictionary(a => a.Alert.Id);
        _alerts = sorted;
        if (sorted.Any(a => !before.ContainsKey(a.Alert.Id)))
            _fresh = true;
        Wake();
    }

    public void Wake() => Signal(_wake);

    private static void Signal(SemaphoreSlim signal)
    {
        if (signal.CurrentCount == 0)
            signal.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var recorder = new OutcomeRecorder(ledger, Written, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewer = Task.Run(() => RenewLoopAsync(stop.Token));
        var pacer = Task.Run(() => PaceAsync(recorder, stop.Token));
        try
        {
            await ClaimLoopAsync(recorder, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Sends already started finish and are recorded; rows never begun go back with their attempt uncounted.
            stop.Cancel();
            await pacer;
            await recorder.DisposeAsync();
            await renewer;
            await ledger.ReleaseAsync([.. _held.Keys], CancellationToken.None);
        }
    }

    private void Written(IReadOnlyList<DeliveryOutcome> batch)
    {
        foreach (var o in batch)
            _held.TryRemove((o.AlertId, o.SubscriberId), out _);
        metrics.Recorded(sender.Key, channel, batch);
    }

    private async Task ClaimLoopAsync(OutcomeRecorder recorder, CancellationToken ct)
    {
        long lastReclaim = 0, lastOpenCheck = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var alerts = _alerts;
            if (alerts.Count > 0 && (lastReclaim == 0 || time.GetElapsedTime(lastReclaim) > ReclaimEvery))
            {
                var reclaimed = await ledger.ReclaimExpiredAsync([.. alerts.Select(a => a.Alert.Id)], channel, ct);
                if (reclaimed > 0)
                    log.LogWarning("Sender {Sender}: reclaimed {Count} rows whose lease expired (a process died); counted as possibly sent twice", sender.Key, reclaimed);
                lastReclaim = time.GetTimestamp();
            }
            var queued = Volatile.Read(ref _buffered);
            var claimed = 0;
            // A new alert is claimed at once, past a full buffer (a second's worth at most), so it takes the next slot.
            var fresh = _fresh;
            _fresh = false;
            var room = Math.Max(_batch - queued, fresh ? _batch : 0);
            // While the provider asked us to wait, claim nothing: the rows wait in the database, attempts untouched.
            if ((queued <= _batch / 2 || fresh) && !await gate.PausedAsync(ct))
            {
                foreach (var alert in alerts.Where(a => a.Status == "sending"))
                {
                    var rows = await ledger.ClaimAsync(alert.Alert.Id, alert.Alert.ReplyTo, channel, room - claimed, options.Lease, ct);
                    foreach (var row in rows)
                        Admit(row, alert, recorder);
                    claimed += rows.Count;
                    if (claimed >= room)
                        break;
                }
            }
            if (claimed > 0)
            {
                Signal(_ready);
                continue;
            }
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
            await ledger.SkipPendingAsync(aborted.Alert.Id, channel, "alert aborted", ct);
        var open = (await ledger.OpenAsync([.. alerts.Select(a => a.Alert.Id)], channel, ct)).ToDictionary(o => o.AlertId);
        metrics.Pending(sender.Key, channel, open.Values.Sum(o => o.Pending + o.Sending));
        var holding = _held.Keys.Select(k => k.AlertId).ToHashSet();
        foreach (var alert in alerts.Where(a => !open.ContainsKey(a.Alert.Id) && !holding.Contains(a.Alert.Id)))
            await completion.TryCompleteAsync(alert.Alert.Id, ct);
    }

    private void Admit(ClaimedDelivery row, InFlight alert, OutcomeRecorder recorder)
    {
        _held[(row.AlertId, row.SubscriberId)] = 0;
        if (DispatchDecisions.Admit(row, alert, time.GetUtcNow(), options.GiveUpAfter) is { } final)
        {
            recorder.Add(final);
            return;
        }
        lock (_buffer)
        {
            if (!_buffer.TryGetValue(row.AlertId, out var rows))
                _buffer[row.AlertId] = rows = new Queue<ClaimedDelivery>();
            rows.Enqueue(row);
        }
        Interlocked.Increment(ref _buffered);
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Lease / 3, time, ct);
                await ledger.RenewAsync([.. _held.Keys], options.Lease, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Sender {Sender}: renewing leases failed: {Error}", sender.Key, e.Message);
            }
        }
    }

    /// <summary>
    /// The pacer: for each send (at most <c>_concurrency</c> at once) it waits for the gate's next slot, sized for
    /// the buffered row of highest priority, and then gives the slot to whichever row has the highest priority by
    /// then (a retraction or new alert claimed meanwhile), provided it costs no more tokens than the slot holds.
    /// </summary>
    private async Task PaceAsync(OutcomeRecorder recorder, CancellationToken ct)
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
                    var first = await NextAsync(ct);
                    if (!_byId.TryGetValue(first.AlertId, out var firstAlert) || firstAlert.Status != "sending")
                    {
                        // Aborted while buffered: no slot needed to skip it.
                        Take(first);
                        recorder.Add(new(first.AlertId, first.SubscriberId, "skipped", Error: "alert aborted"));
                        continue;
                    }
                    var tokens = TextOf(firstAlert, first).Tokens;
                    // The hand-over re-check runs while the slot is waited for, so that the send goes out at its
                    // slot rather than one database round trip later (which bunched sends into one more message
                    // in a second). Its locks hold a STOP until that send is done.
                    var check = handOver.CheckAsync(first, ct);
                    bool probe;
                    try
                    {
                        probe = await gate.WaitAsync(tokens, ct);
                    }
                    catch (Exception e)
                    {
                        _ = ReleaseAsync(check);
                        if (e is OperationCanceledException)
                            throw;
                        // The shared bucket is out of reach (the database): the rows stay buffered, under lease.
                        log.LogWarning("Sender {Sender}: waiting for a send slot failed: {Error}", sender.Key, e.Message);
                        await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
                        continue;
                    }
                    var (row, alert) = TakeBest(tokens) ?? (Take(first), firstAlert);
                    var (text, cost) = TextOf(alert, row);
                    Task<HandOver.Ticket>? checkedRow = null;
                    if (ReferenceEquals(row, first))
                        checkedRow = check;
                    else
                        _ = ReleaseAsync(check);
                    if (probe)
                        log.LogInformation("Sender {Sender}: circuit breaker half open: one message probes the provider", sender.Key);
                    launched = true;
                    var attempt = new Attempt(probe, gate.Generation);
                    var send = Task.Run(() => SendAsync(row, alert, text, cost, checkedRow, attempt, recorder, ct), CancellationToken.None);
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

    // The buffered row of highest priority (it stays buffered), once there is one.
    private async Task<ClaimedDelivery> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_buffer)
            {
                if (Best() is { } row)
                    return row;
            }
            await _ready.WaitAsync(ct);
        }
    }

    // Under the buffer's lock: the head row of the first alert in priority order that has one; rows of alerts no
    // longer in flight here (they are skipped) come last.
    private ClaimedDelivery? Best()
    {
        foreach (var alert in _alerts)
            if (_buffer.TryGetValue(alert.Alert.Id, out var rows) && rows.Count > 0)
                return rows.Peek();
        return _buffer.Values.FirstOrDefault(r => r.Count > 0)?.Peek();
    }

    private (ClaimedDelivery Row, InFlight Alert)? TakeBest(int tokens)
    {
        lock (_buffer)
        {
            if (Best() is not { } row || !_byId.TryGetValue(row.AlertId, out var alert) || TextOf(alert, row).Tokens > tokens)
                return null;
            return (Take(row), alert);
        }
    }

    // The row must be the head of its alert's rows (only the pacer takes, from the head).
    private ClaimedDelivery Take(ClaimedDelivery row)
    {
        lock (_buffer)
        {
            var rows = _buffer[row.AlertId];
            rows.Dequeue();
            if (rows.Count == 0)
                _buffer.Remove(row.AlertId);
        }
        Interlocked.Decrement(ref _buffered);
        Signal(_wake);
        return row;
    }

    private (string Text, int Tokens) TextOf(InFlight alert, ClaimedDelivery row) =>
        _texts.GetOrAdd((row.AlertId, row.Language), key =>
        {
            var a = alert.Alert;
            var rendered = AlertText.Render(a.Kind, a.Id, a.ReplyTo, a.NetworkName, key.Language,
                AlertText.TextFor(a.Texts, key.Language, a.FallbackLanguage), channel, a.Drill);
            return (rendered, MessageCost.Tokens(channel, rendered));
        });

    // A re-check made for a row that did not get the slot: its locks go at once.
    private static async Task ReleaseAsync(Task<HandOver.Ticket> check)
    {
        try
        {
            await (await check).DisposeAsync();
        }
        catch (Exception)
        {
            // Failed or cancelled: it holds nothing.
        }
    }

    /// <summary>One send under way: whether its slot is the breaker's probe, and whether the breaker has had its step for it.</summary>
    private sealed class Attempt(bool probe, int generation)
    {
        public bool Probe = probe;
        public int Generation = generation;
        public bool Stepped;
    }

    private async Task SendAsync(ClaimedDelivery row, InFlight alert, string text, int tokens, Task<HandOver.Ticket>? check, Attempt attempt,
        OutcomeRecorder recorder, CancellationToken ct)
    {
        try
        {
            if (await SendOneAsync(row, alert, text, tokens, check, attempt, ct) is { } outcome)
                recorder.Add(outcome);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Never handed over: the row stays held and is released at shutdown.
        }
        catch (Exception e)
        {
            // E.g. the database is unreachable: the row waits for a later attempt.
            log.LogWarning("Sender {Sender}: dispatch step failed: {Error}", sender.Key, e.Message);
            recorder.Add(new(row.AlertId, row.SubscriberId, "pending", Error: e.GetType().Name,
                RetryInSeconds: Backoff.Delay(row.Attempts, TimeSpan.Zero, options).TotalSeconds));
        }
        finally
        {
            // Not sent after all: a probe is given back, so that the next message probes at once.
            if (!attempt.Stepped)
                await BreakerStepAsync(attempt, null);
            _sending.Release();
        }
    }

    /// <summary>Sends a row whose slot has come. Null when it was not sent and goes back to pending as it was (released at shutdown).</summary>
    private async Task<DeliveryOutcome?> SendOneAsync(ClaimedDelivery row, InFlight alert, string text, int tokens, Task<HandOver.Ticket>? check,
        Attempt attempt, CancellationToken ct)
    {
        string address;
        try
        {
            address = protector.Reveal(row.AddressCipher!, row.AddressKeyId!.Value);
        }
        catch (CryptographicException e)
        {
            if (check is not null)
                await ReleaseAsync(check);
            log.LogError("Alert {AlertId}: address of subscriber {SubscriberId} cannot be decrypted: {Error}", row.AlertId, row.SubscriberId, e.Message);
            return new(row.AlertId, row.SubscriberId, "failed", Error: "address cannot be decrypted");
        }
        while (true)
        {
            // The last look before the provider: a STOP or abort answered until now is honoured (batched, under a lock).
            var made = check ?? handOver.CheckAsync(row, ct);
            check = null;
            await using (var ticket = await made)
            {
                // Held past its limit (a long wait for the slot): its locks are gone, so it proves nothing now.
                if (ticket.Expired)
                    continue;
                if (ticket.Refusal is { } refusal)
                    return new(row.AlertId, row.SubscriberId, "skipped", Error: refusal);
                // A 429 that arrived while we waited stops this send too, although its slot had come. The probe is
                // the one send the breaker's pause (which the others see) lets through.
                if (attempt.Probe || !gate.IsPaused)
                {
                    SendResult result;
                    try
                    {
                        // Not the loop's token: a message being handed over is finished, then recorded, even on shutdown.
                        using var timeout = new CancellationTokenSource(SendTimeout);
                        result = await sender.Channel.SendAsync(address, text, timeout.Token);
                    }
                    catch (Exception e)
                    {
                        log.LogWarning("Alert {AlertId}: {Sender} send to {Address} threw {Error}", row.AlertId, sender.Key, Mask.Address(address), e.GetType().Name);
                        result = new SendResult(SendOutcome.RetryLater, Error: e.GetType().Name);
                    }
                    return await OutcomeOfAsync(row, result, attempt);
                }
            }
            if (attempt.Probe)
            {
                await gate.ProbeNotSentAsync(CancellationToken.None);
                attempt.Probe = false;
            }
            attempt.Probe = await gate.WaitAsync(tokens, ct);
            attempt.Generation = gate.Generation;
        }
    }

    private async Task<DeliveryOutcome> OutcomeOfAsync(ClaimedDelivery row, SendResult result, Attempt attempt)
    {
        // The breaker first: closing it after a probe clears the probe's pause, and must not clear a Retry-After's.
        await BreakerStepAsync(attempt, result);
        if (result.Outcome == SendOutcome.RetryLater && result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
            await gate.PauseAsync(retryAfter, CancellationToken.None);
        return DispatchDecisions.Classify(row, result, DispatchDecisions.RetryIn(row.Attempts, result, options, Random.Shared.NextDouble()));
    }

    // One log line per transition, written by the process whose statement made it (the database guards each one).
    private async Task BreakerStepAsync(Attempt attempt, SendResult? answer)
    {
        attempt.Stepped = true;
        BreakerStep step;
        lock (_breaker)
            (step, _failures) = DispatchDecisions.Breaker(attempt.Probe, answer, _failures, options.BreakerFailures,
                stale: attempt.Generation != gate.Generation);
        try
        {
            switch (step)
            {
                case BreakerStep.Open when await gate.OpenAsync(options.BreakerPause, CancellationToken.None) is { } probeAt:
                    log.LogWarning("Sender {Sender}: circuit breaker open after {Count} provider failures in a row (last: {Error}); next probe at {ProbeAt:HH:mm:ss} UTC",
                        sender.Key, options.BreakerFailures, answer?.Error, probeAt);
                    break;
                case BreakerStep.Reopen:
                    var next = await gate.ProbeFailedAsync(options.BreakerPause, CancellationToken.None);
                    log.LogWarning("Sender {Sender}: probe failed ({Error}); circuit breaker open again, next probe at {ProbeAt:HH:mm:ss} UTC",
                        sender.Key, answer?.Error, next);
                    break;
                case BreakerStep.Close when await gate.ProbeAnsweredAsync(CancellationToken.None):
                    log.LogWarning("Sender {Sender}: probe answered ({Outcome}); circuit breaker closed, sending resumes", sender.Key, answer?.Outcome);
                    break;
                case BreakerStep.GiveBackProbe:
                    await gate.ProbeNotSentAsync(CancellationToken.None);
                    log.LogInformation("Sender {Sender}: the probe's message was not sent; the next message probes", sender.Key);
                    break;
            }
        }
        catch (Exception e)
        {
            // The database is out of reach: a probe not reported is probed again when its window ends.
            log.LogWarning("Sender {Sender}: circuit breaker step {Step} failed: {Error}", sender.Key, step, e.Message);
        }
    }
}
