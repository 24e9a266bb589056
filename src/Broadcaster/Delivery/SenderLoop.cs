using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Privacy;

namespace Broadcaster.Delivery;

/// <summary>
/// This process's loop for one sender: it claims due rows across every alert in flight on the sender, highest
/// priority first (<see cref="DispatchDecisions.ByPriority"/>), into a short in-memory queue (about half a second
/// of sends), and a few senders take them to the <see cref="RateGate"/>, the <see cref="HandOver"/> re-check and
/// the provider. Because the queue is short and refilled by priority, a new alert (or a retraction) is sent within
/// about half a second however many long broadcasts are running, and no Hangfire worker is held for any of them.
/// </summary>
internal sealed class SenderLoop(
    Sender sender, string channel, RateGate gate, DeliveryLedger ledger, HandOver handOver, Completion completion,
    AddressProtector protector, DeliveryOptions options, DeliveryMetrics metrics, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReclaimEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OpenCheckEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    private readonly Channel<ClaimedDelivery> _queue = Channel.CreateUnbounded<ClaimedDelivery>(new() { SingleWriter = true });
    private readonly ConcurrentDictionary<(long AlertId, long SubscriberId), byte> _held = new();
    private readonly ConcurrentDictionary<(long AlertId, string Language), (string Text, int Tokens)> _texts = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly int _batch = (int)Math.Clamp(Math.Ceiling(sender.Rate * 0.5), 1, 1000);
    private readonly int _concurrency = (int)Math.Clamp(Math.Ceiling(sender.Rate), 1, options.MaxConcurrency);
    private volatile IReadOnlyDictionary<long, InFlight> _byId = new Dictionary<long, InFlight>();
    private volatile IReadOnlyList<InFlight> _alerts = [];
    private int _queued;
    private int _failures;

    public Sender Sender => sender;

    /// <summary>The alerts in flight on this sender (any order); takes effect at the next claim.</summary>
    public void Update(IEnumerable<InFlight> alerts)
    {
        var sorted = DispatchDecisions.ByPriority(alerts);
        _byId = sorted.ToDictionary(a => a.Alert.Id);
        _alerts = sorted;
        Wake();
    }

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var recorder = new OutcomeRecorder(ledger, Written, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewer = Task.Run(() => RenewLoopAsync(stop.Token));
        var senders = Enumerable.Range(0, _concurrency).Select(_ => Task.Run(() => SendLoopAsync(recorder, stop.Token))).ToArray();
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
            _queue.Writer.TryComplete();
            stop.Cancel();
            await Task.WhenAll(senders);
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
            var queued = Volatile.Read(ref _queued);
            var claimed = 0;
            // While the provider asked us to wait, claim nothing: the rows wait in the database, attempts untouched.
            if (queued <= _batch / 2 && !gate.IsPaused)
            {
                foreach (var alert in alerts.Where(a => a.Status == "sending"))
                {
                    var rows = await ledger.ClaimAsync(alert.Alert.Id, alert.Alert.ReplyTo, channel, _batch - queued - claimed, options.Lease, ct);
                    foreach (var row in rows)
                        Admit(row, alert, recorder);
                    claimed += rows.Count;
                    if (queued + claimed >= _batch)
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
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite(row);
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

    private async Task SendLoopAsync(OutcomeRecorder recorder, CancellationToken ct)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct))
            {
                while (_queue.Reader.TryRead(out var row))
                {
                    Interlocked.Decrement(ref _queued);
                    try
                    {
                        if (await SendOneAsync(row, ct) is { } outcome)
                            recorder.Add(outcome);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception e)
                    {
                        // E.g. the database is unreachable: the row waits for a later attempt.
                        log.LogWarning("Sender {Sender}: dispatch step failed: {Error}", sender.Key, e.Message);
                        recorder.Add(new(row.AlertId, row.SubscriberId, "pending", Error: e.GetType().Name,
                            RetryInSeconds: Backoff.Delay(row.Attempts, TimeSpan.Zero, options).TotalSeconds));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Null when the row was not sent and goes back to pending as it was (released at shutdown).</summary>
    private async Task<DeliveryOutcome?> SendOneAsync(ClaimedDelivery row, CancellationToken ct)
    {
        if (!_byId.TryGetValue(row.AlertId, out var alert) || alert.Status != "sending")
            return new(row.AlertId, row.SubscriberId, "skipped", Error: "alert aborted");
        string address;
        try
        {
            address = protector.Reveal(row.AddressCipher!, row.AddressKeyId!.Value);
        }
        catch (CryptographicException e)
        {
            log.LogError("Alert {AlertId}: address of subscriber {SubscriberId} cannot be decrypted: {Error}", row.AlertId, row.SubscriberId, e.Message);
            return new(row.AlertId, row.SubscriberId, "failed", Error: "address cannot be decrypted");
        }
        var (text, tokens) = _texts.GetOrAdd((row.AlertId, row.Language), key =>
        {
            var a = alert.Alert;
            var rendered = AlertText.Render(a.Kind, a.Id, a.ReplyTo, a.NetworkName, key.Language,
                AlertText.TextFor(a.Texts, key.Language, a.FallbackLanguage), channel, a.Drill);
            return (rendered, MessageCost.Tokens(channel, rendered));
        });
        while (true)
        {
            await gate.WaitAsync(tokens, ct);
            // The last look before the provider: a STOP or abort answered until now is honoured (batched, under a lock).
            await using var ticket = await handOver.CheckAsync(row, ct);
            if (ticket.Refusal is { } refusal)
                return new(row.AlertId, row.SubscriberId, "skipped", Error: refusal);
            // A 429 that arrived while we waited stops this send too, although its slot had come.
            if (gate.IsPaused)
                continue;
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
            return await OutcomeOfAsync(row, result);
        }
    }

    private async Task<DeliveryOutcome> OutcomeOfAsync(ClaimedDelivery row, SendResult result)
    {
        var retryAfter = result.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : TimeSpan.Zero;
        if (result.Outcome == SendOutcome.RetryLater && retryAfter > TimeSpan.Zero)
            await gate.PauseAsync(retryAfter, CancellationToken.None);
        if (DispatchDecisions.IsOutage(result))
        {
            // A failed probe opens the breaker again at once; otherwise it takes BreakerFailures in a row.
            if (gate.Probing || Interlocked.Increment(ref _failures) >= options.BreakerFailures)
            {
                Interlocked.Exchange(ref _failures, 0);
                log.LogWarning("Sender {Sender}: {Count} provider failures in a row; pausing it for {Pause} before a probe", sender.Key, options.BreakerFailures, options.BreakerPause);
                await gate.BreakAsync(options.BreakerPause, CancellationToken.None);
            }
        }
        else if (result.Outcome != SendOutcome.RetryLater)
        {
            Interlocked.Exchange(ref _failures, 0);
            if (result.Outcome == SendOutcome.Sent)
                await gate.ProbeSucceededAsync(CancellationToken.None);
        }
        return DispatchDecisions.Classify(row, result, Backoff.Delay(row.Attempts, retryAfter, options));
    }
}
