using Broadcaster.Alerts;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>
/// Per-recipient rows live only while an alert is in flight and for Broadcaster:DeliveryRetention after
/// (so follow-ups reach the same people); then they are reduced to the count columns and deleted.
/// </summary>
public sealed class RetentionJob(DeliveryLedger ledger, AlertStore alerts, IOptions<BroadcasterOptions> app, ILogger<RetentionJob> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var due = await alerts.DueForReductionAsync(app.Value.DeliveryRetention, 20);
            foreach (var alertId in due)
            {
                // Folded first, then counted again: status callbacks may have moved rows since completion. A run
                // stopped in between finds the rows gone and the counts on the alert, and reduces it next time.
                await ledger.FoldAsync(alertId, ct);
                if (await alerts.ReduceAsync(alertId, (await ledger.CountsAsync(alertId, ct)).ToCounts()))
                    total++;
            }
            if (due.Count == 0)
                break;
        }
        await ledger.PruneEarlyReceiptsAsync(ct);
        if (total > 0)
            log.LogInformation("Reduced the delivery rows of {Count} completed alert(s) to counts", total);
    }
}
