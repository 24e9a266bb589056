using Broadcaster.Alerts;
using Broadcaster.Channels;

namespace Broadcaster.Delivery;

/// <summary>An alert the sender loops work on: its content, its status ('sending' or 'aborted') and when it was verified.</summary>
public sealed record InFlight(AlertContent Alert, string Status, DateTimeOffset VerifiedAt);

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
        if (alert.Alert.ReplyTo is not null && row.OriginalStatus is not (null or "sent" or "delivered"))
            return Final(row, "skipped", "did not get the original");
        if (now - alert.VerifiedAt > giveUpAfter)
            return Final(row, "failed", $"not handed over within {giveUpAfter}");
        return null;
    }

    /// <summary>
    /// What a send's answer means for its row. A retryable answer (429, 5xx, timeout, connection) never fails
    /// the row: it waits <paramref name="retryIn"/> and only its age gives up on it (<see cref="Admit"/>).
    /// </summary>
    public static DeliveryOutcome Classify(ClaimedDelivery row, SendResult result, TimeSpan retryIn) => result.Outcome switch
    {
        SendOutcome.Sent => new(row.AlertId, row.SubscriberId, "sent", ProviderId: result.ProviderId),
        SendOutcome.Failed => Final(row, "failed", result.Error ?? "failed"),
        SendOutcome.RecipientGone => Final(row, "failed", result.Error ?? "recipient gone") with { StopSubscriber = true },
        _ => new(row.AlertId, row.SubscriberId, "pending", Error: result.Error, RetryInSeconds: retryIn.TotalSeconds),
    };

    /// <summary>Answers that say the provider (not this message) is in trouble: they count towards the circuit breaker.</summary>
    public static bool IsOutage(SendResult result) => result.Outcome == SendOutcome.RetryLater && result.RetryAfter is null;

    private static DeliveryOutcome Final(ClaimedDelivery row, string status, string error) => new(row.AlertId, row.SubscriberId, status, Error: error);
}
