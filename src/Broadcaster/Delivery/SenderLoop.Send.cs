using System.Collections.Concurrent;
using System.Security.Cryptography;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Privacy;

namespace Broadcaster.Delivery;

/// <summary>The send of one row whose slot has come: the last look before the provider, the send, and what its answer means.</summary>
internal sealed partial class SenderLoop
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(long AlertId, string Language), (string Text, int Tokens)> _texts = new();

    private (string Text, int Tokens) TextOf(InFlight alert, ClaimedDelivery row) =>
        _texts.GetOrAdd((row.AlertId, row.Language), key =>
        {
            var a = alert.Alert;
            var rendered = AlertText.Render(a.Kind, a.Id, a.ReplyTo, a.NetworkName, key.Language,
                AlertText.TextFor(a.Texts, key.Language, a.FallbackLanguage), _channel, a.Drill);
            return (rendered, MessageCost.Tokens(_channel, rendered));
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

    private async Task SendAsync(ClaimedDelivery row, InFlight alert, string text, int tokens, Task<HandOver.Ticket>? check,
        SenderBreaker.Attempt attempt, CancellationToken ct)
    {
        try
        {
            if (await SendOneAsync(row, alert, text, tokens, check, attempt, ct) is { } outcome)
                Record(outcome);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Never handed over: the row stays held and is released at shutdown.
        }
        catch (Exception e)
        {
            // E.g. the database is unreachable: the row waits for a later attempt.
            _log.LogWarning("Sender {Sender}: dispatch step failed: {Error}", _sender.Key, e.Message);
            Record(new(row.AlertId, row.SubscriberId, "pending", Error: e.GetType().Name,
                RetryInSeconds: Backoff.Delay(row.Attempts, TimeSpan.Zero, _options).TotalSeconds));
        }
        finally
        {
            // Not sent after all: a probe is given back, so that the next message probes at once.
            if (!attempt.Stepped)
                await _breaker.StepAsync(attempt, null);
            _sending.Release();
        }
    }

    /// <summary>Sends a row whose slot has come. Null when it was not sent and goes back to pending as it was (released at shutdown).</summary>
    private async Task<DeliveryOutcome?> SendOneAsync(ClaimedDelivery row, InFlight alert, string text, int tokens, Task<HandOver.Ticket>? check,
        SenderBreaker.Attempt attempt, CancellationToken ct)
    {
        string address;
        try
        {
            address = _deps.Protector.Reveal(row.AddressCipher!, row.AddressKeyId!.Value);
        }
        catch (CryptographicException e)
        {
            if (check is not null)
                await ReleaseAsync(check);
            _log.LogError("Alert {AlertId}: address of subscriber {SubscriberId} cannot be decrypted: {Error}", row.AlertId, row.SubscriberId, e.Message);
            return new(row.AlertId, row.SubscriberId, "failed", Error: "address cannot be decrypted");
        }
        HandOver.Ticket? ticket = null;
        try
        {
            while (true)
            {
                // The last look before the provider: a STOP or abort answered until now is honoured (batched, under a lock).
                // Held past its limit (a long wait for the slot), a ticket's locks are gone: it proves nothing now.
                if (ticket is null || ticket.Expired)
                {
                    if (ticket is not null)
                        await ticket.DisposeAsync();
                    ticket = null;
                    var made = check ?? _deps.HandOver.CheckAsync(row, ct);
                    check = null;
                    ticket = await made;
                    if (ticket.Expired)
                        continue;
                }
                if (ticket.Refusal is { } refusal)
                    return new(row.AlertId, row.SubscriberId, "skipped", Error: refusal);
                // Late past the slot's deadline (the check or the thread pool was slow), it would bunch with punctual
                // sends. A 429 that arrived while we waited stops this send too, although its slot had come. The probe
                // is the one send the breaker's pause (which the others see) lets through.
                if (_gate.OnTime(attempt.Slot, tokens) && (attempt.Probe || !_gate.IsPaused))
                {
                    SendResult result;
                    try
                    {
                        // Not the loop's token: a message being handed over is finished, then recorded, even on shutdown.
                        using var timeout = new CancellationTokenSource(SendTimeout);
                        result = await _sender.Channel.SendAsync(address, text, timeout.Token);
                    }
                    catch (Exception e)
                    {
                        _log.LogWarning("Alert {AlertId}: {Sender} send to {Address} threw {Error}", row.AlertId, _sender.Key, Mask.Address(address), e.GetType().Name);
                        result = new SendResult(SendOutcome.RetryLater, Error: e.GetType().Name);
                    }
                    return await OutcomeOfAsync(row, result, attempt);
                }
                if (attempt.Probe)
                {
                    await _gate.ProbeNotSentAsync(CancellationToken.None);
                    attempt.Slot = default;
                }
                // The next slot is waited for with the look in hand, as the pacer does: a look made after the slot
                // would make the send late again (and again, while the database is slow).
                attempt.Slot = await _gate.WaitAsync(tokens, ct);
                attempt.Generation = _gate.Generation;
            }
        }
        finally
        {
            if (ticket is not null)
                await ticket.DisposeAsync();
        }
    }

    private async Task<DeliveryOutcome> OutcomeOfAsync(ClaimedDelivery row, SendResult result, SenderBreaker.Attempt attempt)
    {
        // The breaker first: closing it after a probe clears the probe's pause, and must not clear a Retry-After's.
        await _breaker.StepAsync(attempt, result);
        if (result.Outcome == SendOutcome.RetryLater && result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
            await _gate.PauseAsync(retryAfter, CancellationToken.None);
        return DispatchDecisions.Classify(row, result, DispatchDecisions.RetryIn(row.Attempts, result, _options, Random.Shared.NextDouble()));
    }
}
