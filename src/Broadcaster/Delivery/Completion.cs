using Broadcaster.Alerts;
using Broadcaster.Infrastructure;
using Hangfire;

namespace Broadcaster.Delivery;

/// <summary>Closes a broadcast once no row is pending or sending: final counts, then the author's summary.</summary>
public sealed class Completion(DeliveryLedger ledger, AlertStore alerts, IBackgroundJobClient jobs, ILogger<Completion> log)
{
    /// <summary>True when this call closed the alert (and enqueued the author's summary).</summary>
    public async Task<bool> TryCompleteAsync(long alertId, CancellationToken ct = default)
    {
        // No row opens again once none is open (planning is over when the alert is sending), so counting
        // first and closing after is safe; the close itself happens once (AlertStore.CompleteAsync).
        var tally = await ledger.CountsAsync(alertId, ct);
        if (tally.Open > 0)
            return false;
        var status = await alerts.CompleteAsync(alertId, tally.ToCounts());
        if (status is null)
            return false;
        log.LogInformation("Alert {AlertId} completed ({Status})", alertId, status);
        jobs.Enqueue<AuthorSummaryJob>(Queues.Critical, j => j.SendAsync(alertId, CancellationToken.None));
        return true;
    }
}
