using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Privacy;

namespace Broadcaster.Delivery;

/// <summary>
/// One dispatcher's work on one (alert, channel): a claim loop feeds a small in-memory queue, a few
/// senders take rows from it, wait for their slot at the channel's <see cref="RateGate"/> and send,
/// and an <see cref="OutcomeRecorder"/> writes the outcomes in batches. The queue holds about half
/// a second of sends (at most 1,000 rows), so STOP and abort reach every row except that short window.
/// </summary>
internal sealed class DispatchRun(
    AlertContent alert, string channel, IMessageChannel sender, RateGate gate, DeliveryLedger ledger,
    AddressProtector protector, DeliveryOptions options, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan ReclaimEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    private readonly Channel<ClaimedDelivery> _queue = Channel.CreateUnbounded<ClaimedDelivery>(new() { SingleWriter = true });
    private readonly SemaphoreSlim _room = new(0);
    private readonly ConcurrentDictionary<string, (string Text, int Tokens)> _texts = new();
    private readonly ConcurrentBag<long> _unsent = [];
    private readonly int _batch = (int)Math.Clamp(Math.Ceiling(gate.Rate * 0.5), 1, 1000);
    private readonly int _concurrency = (int)Math.Clamp(Math.Ceiling(gate.Rate), 1, options.MaxConcurrency);
    private int _queued;
    private long _claimed;
    private long _sent;
    private volatile bool _aborted;
    private int _started;
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Messages this run handed to the provider.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Null when nothing is left for this dispatcher; otherwise how long until rows are due again.</summary>
    public async Task<TimeSpan?> RunAsync(CancellationToken ct)
    {
        var recorder = new OutcomeRecorder(ledger, alert.Id, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var senders = Enumerable.Range(0, _concurrency).Select(_ => Task.Run(() => SendLoopAsync(recorder, stop.Token))).ToArray();
        try
        {
            return await ClaimLoopAsync(recorder, ct);
        }
        finally
        {
            // Every normal return comes with nothing outstanding; after a failure or shutdown the
            // senders finish the sends already started and hand back the rows they had not begun.
            _queue.Writer.TryComplete();
            stop.Cancel();
            await Task.WhenAll(senders);
            while (_queue.Reader.TryRead(out var left))
                _unsent.Add(left.SubscriberId);
            await recorder.DisposeAsync();
            await ledger.ReleaseAsync(alert.Id, [.. _unsent], CancellationToken.None);
        }
    }

    private async Task<TimeSpan?> ClaimLoopAsync(OutcomeRecorder recorder, CancellationToken ct)
    {
        var lowWater = _batch / 2;
        long lastReclaim = 0, lastBeat = 0;
        var reclaimNow = true;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (lastBeat == 0 || time.GetElapsedTime(lastBeat) > BeatEvery)
            {
                await ledger.HeartbeatAsync(alert.Id, channel, TimeSpan.Zero, ct);
                lastBeat = time.GetTimestamp();
            }
            if (reclaimNow || time.GetElapsedTime(lastReclaim) > ReclaimEvery)
            {
                reclaimNow = false;
                var reclaimed = await ledger.ReclaimExpiredAsync(alert.Id, channel, ct);
                if (reclaimed > 0)
                    log.LogWarning("Alert {AlertId}: reclaimed {Count} {Channel} rows whose lease expired (a dispatcher died); counted as possibly sent twice", alert.Id, reclaimed, channel);
                lastReclaim = time.GetTimestamp();
            }
            var queued = Volatile.Read(ref _queued);
            if (queued > lowWater)
            {
                await _room.WaitAsync(TimeSpan.FromSeconds(1), ct);
                continue;
            }
            var rows = await ledger.ClaimAsync(alert.Id, channel, _batch - queued, options.Lease, ct);
            if (rows.Count > 0)
            {
                Interlocked.Add(ref _claimed, rows.Count);
                foreach (var row in rows)
                    Admit(row, recorder);
                continue;
            }
            if (Interlocked.Read(ref _claimed) > recorder.Recorded)
            {
                // Rows are still with the senders (perhaps waiting out a paused channel): an abort must reach them too.
                if (!_aborted && await ledger.AlertStatusAsync(alert.Id, ct) == "aborted")
                    _aborted = true;
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
                continue;
            }
            var state = await ledger.StateAsync(alert.Id, channel, ct);
            if (state is null)
                return null;
            if (state.AlertStatus == "aborted")
            {
                _aborted = true;
                await ledger.SkipPendingAsync(alert.Id, channel, "alert aborted", ct);
                state = state with { Pending = 0 };
            }
            else if (state.AlertStatus != "sending")
            {
                return null;
            }
            if (state.Pending == 0 && state.Sending == 0)
                return null;
            // Rows of another dispatcher: it finishes them, or its lease runs out and they are reclaimed here.
            reclaimNow = state.Sending > 0 && state.NextLeaseSeconds <= 0;
            var waits = new[] { state.Pending > 0 ? state.NextDueSeconds : null, state.Sending > 0 ? state.NextLeaseSeconds : null };
            var wait = TimeSpan.FromSeconds(Math.Max(0.05, waits.Where(w => w is not null).Min() ?? 1));
            if (state.Sending == 0 && wait > TimeSpan.FromSeconds(30))
                return wait;
            await Task.Delay(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), time, ct);
        }
    }

    // The re-check at claim time: a subscriber who stopped, or a row past the attempt cap, never reaches the provider.
    private void Admit(ClaimedDelivery row, OutcomeRecorder recorder)
    {
        if (row.Attempts > options.MaxAttempts)
            recorder.Add(new(row.SubscriberId, "failed", Error: $"gave up after {options.MaxAttempts} attempts"));
        else if (row.SubscriberStatus != "active" || row.AddressCipher is null || row.AddressKeyId is null)
            recorder.Add(new(row.SubscriberId, "skipped", Error: "subscriber no longer active"));
        else
        {
            Interlocked.Increment(ref _queued);
            _queue.Writer.TryWrite(row);
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
                    if (Interlocked.Decrement(ref _queued) <= _batch / 2)
                        _room.Release();
                    try
                    {
                        recorder.Add(await SendOneAsync(row, ct));
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        _unsent.Add(row.SubscriberId);
                        throw;
                    }
                    catch (Exception e)
                    {
                        // E.g. the rate bucket's database is unreachable: the row waits for a later attempt.
                        log.LogWarning("Alert {AlertId}: {Channel} dispatch step failed: {Error}", alert.Id, channel, e.Message);
                        recorder.Add(new(row.SubscriberId, "pending", Error: e.GetType().Name,
                            RetryInSeconds: Backoff.Delay(row.Attempts, TimeSpan.Zero, options).TotalSeconds));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<DeliveryOutcome> SendOneAsync(ClaimedDelivery row, CancellationToken ct)
    {
        if (_aborted)
            return new(row.SubscriberId, "skipped", Error: "alert aborted");
        string address;
        try
        {
            address = protector.Reveal(row.AddressCipher!, row.AddressKeyId!.Value);
        }
        catch (CryptographicException e)
        {
            log.LogError("Alert {AlertId}: address of subscriber {SubscriberId} cannot be decrypted: {Error}", alert.Id, row.SubscriberId, e.Message);
            return new(row.SubscriberId, "failed", Error: "address cannot be decrypted");
        }
        var (text, tokens) = _texts.GetOrAdd(row.Language, language =>
        {
            var rendered = AlertText.Render(alert.Kind, alert.Id, alert.ReplyTo, alert.NetworkName, language, AlertText.TextFor(alert.Texts, language, alert.FallbackLanguage), channel, alert.Drill);
            return (rendered, MessageCost.Tokens(channel, rendered));
        });
        // Slow start: the first send of a fresh process can stall on cold paths (first connection, JIT) while
        // the next senders get their slots; their requests would then reach the provider bunched together.
        var first = Interlocked.Exchange(ref _started, 1) == 0;
        if (!first)
            await _firstSent.Task.WaitAsync(ct);
        try
        {
            await gate.WaitAsync(tokens, ct);
            if (_aborted)
                return new(row.SubscriberId, "skipped", Error: "alert aborted");
            SendResult result;
            try
            {
                // Not the job's token: a message being handed over is finished, then recorded, even on shutdown.
                using var timeout = new CancellationTokenSource(SendTimeout);
                result = await sender.SendAsync(address, text, timeout.Token);
            }
            catch (Exception e)
            {
                log.LogWarning("Alert {AlertId}: {Channel} send to {Address} threw {Error}", alert.Id, channel, Mask.Address(address), e.GetType().Name);
                result = new SendResult(SendOutcome.RetryLater, Error: e.GetType().Name);
            }
            return await OutcomeOfAsync(row, result);
        }
        finally
        {
            if (first)
                _firstSent.TrySetResult();
        }
    }

    private async Task<DeliveryOutcome> OutcomeOfAsync(ClaimedDelivery row, SendResult result)
    {
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                Interlocked.Increment(ref _sent);
                return new(row.SubscriberId, "sent", ProviderId: result.ProviderId);
            case SendOutcome.Failed:
                return new(row.SubscriberId, "failed", Error: result.Error ?? "failed");
            case SendOutcome.RecipientGone:
                return new(row.SubscriberId, "failed", Error: result.Error ?? "recipient gone", StopSubscriber: true);
        }
        var retryAfter = result.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : TimeSpan.Zero;
        if (retryAfter > TimeSpan.Zero)
            await gate.PauseAsync(retryAfter, CancellationToken.None);
        if (row.Attempts >= options.MaxAttempts)
            return new(row.SubscriberId, "failed", Error: $"gave up after {row.Attempts} attempts: {result.Error}");
        return new(row.SubscriberId, "pending", Error: result.Error, RetryInSeconds: Backoff.Delay(row.Attempts, retryAfter, options).TotalSeconds);
    }
}
