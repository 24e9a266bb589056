using System.Collections.Concurrent;

namespace Broadcaster.Delivery;

/// <summary>
/// The rows a sender loop holds (claimed, outcome not yet written). While the process lives it renews their leases
/// every third of a lease, even through a long Retry-After, so only a dead process's rows run out and are taken over;
/// at the end it gives back those never handed over, their attempt uncounted.
/// </summary>
internal sealed class LeaseKeeper(DeliveryLedger ledger, TimeSpan lease, TimeProvider time, string sender, ILogger log)
{
    private readonly ConcurrentDictionary<(long AlertId, long SubscriberId), byte> _held = new();

    public void Hold(ClaimedDelivery row) => _held[(row.AlertId, row.SubscriberId)] = 0;

    /// <summary>Their outcomes are written: the rows are no longer ours.</summary>
    public void Written(IEnumerable<DeliveryOutcome> outcomes)
    {
        foreach (var o in outcomes)
            _held.TryRemove((o.AlertId, o.SubscriberId), out _);
    }

    /// <summary>The alerts of which this loop holds rows.</summary>
    public HashSet<long> Alerts() => [.. _held.Keys.Select(k => k.AlertId)];

    public async Task RenewAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, ct);
                await ledger.RenewAsync([.. _held.Keys], lease, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Sender {Sender}: renewing leases failed: {Error}", sender, e.Message);
            }
        }
    }

    public Task ReleaseAllAsync() => ledger.ReleaseAsync([.. _held.Keys], CancellationToken.None);
}
