using Broadcaster.Alerts;
using Broadcaster.Channels;

namespace Broadcaster.Delivery;

/// <summary>An alert the sender loops work on: its content, its status ('sending' or 'aborted') and when it was verified.</summary>
public sealed record InFlight(AlertContent Alert, string Status, DateTimeOffset VerifiedAt);

/// <summary>What the circuit breaker does after a send.</summary>
public enum BreakerStep { None, Open, Reopen, Close, GiveBackProbe }

/// <summary>The fan-out's decisions, apart from its I/O: which alert goes first, whether a claimed row is sent, what a send's answer means.</summary>
public static class DispatchDecisions
{
    /// <summary>On one sender a retraction goes first (a false alarm must be corrected before anything else), then newer alerts before older.</summary>
    public static IReadOnlyList<InFlight> ByPriority(IEnumerable<InFlight> alerts) =>
        [.. alerts.OrderByDescending(a => a.Alert.Kind == AlertKind.Retraction).ThenByDescending(a => a.VerifiedAt).ThenByDescending(a => a.Alert.Id)];

    /// <summary>Null: hand the row to the provider. Otherwise the final outcome it gets instead.</summary>
    public static DeliveryOutcome? Admit(ClaimedDelivery row, InFlight alert, DateTimeOffset now, TimeSpan giveUpAfter)
    {
        if (alert.Status == "aborted")
            return Final(row, "skipped", "alert aborted");
        if (row.SubscriberStatus != "active" || row.AddressCipher is null || row.AddressKeyId is null)
            return Final(row, "skipped", "subscriber no longer active");
        if (alert.Alert.ReplyTo is not null && row.OriginalStatus is not (null or "sent" or "delivered") && !row.OriginalMaybeSent)
            return Final(row, "skipped", "did not get the original");
        if (now - alert.VerifiedAt > giveUpAfter)
            return Final(row, "failed", $"not handed over within {giveUpAfter}");
        return null;
    }

    /// <summary>
    /// What a send's answer means for its row. A retryable answer (429, 5xx, timeout, connection) never fails
    /// the row: it waits <paramref name="retryIn"/> and only its age gives up on it (<see cref="Admit"/>). After an
    /// outage answer the provider may have taken the message all the same (its answer lost, a gateway's 502 after
    /// the message went through), so the row is marked as maybe sent: a retraction that supersedes it follows it.
    /// A 429 asks us to wait and says the message was not taken.
    /// </summary>
    public static DeliveryOutcome Classify(ClaimedDelivery row, SendResult result, TimeSpan retryIn) => result.Outcome switch
    {
        SendOutcome.Sent => new(row.AlertId, row.SubscriberId, "sent", ProviderId: result.ProviderId),
        SendOutcome.Failed => Final(row, "failed", result.Error ?? "failed"),
        SendOutcome.RecipientGone => Final(row, "failed", result.Error ?? "recipient gone") with { StopSubscriber = true },
        _ => new(row.AlertId, row.SubscriberId, "pending", Error: result.Error, RetryInSeconds: retryIn.TotalSeconds, MaybeSent: IsOutage(result)),
    };

    /// <summary>Answers that say the provider (not this message) is in trouble: they count towards the circuit breaker.</summary>
    public static bool IsOutage(SendResult result) => result.Outcome == SendOutcome.RetryLater && result.RetryAfter is null;

    /// <summary>
    /// When a row answered "retry later" is due again. After an outage answer never later than the breaker's pause:
    /// the breaker already keeps the failing provider from being hammered, and a row whose own backoff had grown
    /// over a long outage would otherwise wait on after the breaker closed (up to Delivery:MaxRetryDelay).
    /// </summary>
    public static TimeSpan RetryIn(int attempts, SendResult result, DeliveryOptions options, double random)
    {
        var retryAfter = result.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : TimeSpan.Zero;
        var delay = Backoff.Delay(attempts, retryAfter, options, random);
        return IsOutage(result) && delay > options.BreakerPause ? options.BreakerPause : delay;
    }

    /// <summary>
    /// The circuit breaker's step after a send: <paramref name="answer"/> is null when the message was not sent after
    /// all (stopped, aborted, shut down), <paramref name="probe"/> whether its slot was the breaker's probe, and
    /// <paramref name="failures"/> the outage answers in a row before it. Any answer but an outage closes it after
    /// a probe: a 429 or a 4xx says the provider is up too. <paramref name="stale"/>: the send's slot came before the
    /// breaker's last transition (it was in flight when the breaker opened or closed), so its answer counts for nothing.
    /// </summary>
    public static (BreakerStep Step, int Failures) Breaker(bool probe, SendResult? answer, int failures, int threshold, bool stale = false) => (probe, answer) switch
    {
        (true, null) => (BreakerStep.GiveBackProbe, failures),
        (false, null) => (BreakerStep.None, failures),
        (false, _) when stale => (BreakerStep.None, failures),
        (true, _) when IsOutage(answer) => (BreakerStep.Reopen, 0),
        (false, _) when IsOutage(answer) => failures + 1 >= threshold ? (BreakerStep.Open, 0) : (BreakerStep.None, failures + 1),
        (true, _) => (BreakerStep.Close, 0),
        // A 429 neither counts nor clears: the provider is up but the pause says nothing about its health.
        _ => (BreakerStep.None, answer.Outcome == SendOutcome.RetryLater ? failures : 0),
    };

    private static DeliveryOutcome Final(ClaimedDelivery row, string status, string error) => new(row.AlertId, row.SubscriberId, status, Error: error);
}
