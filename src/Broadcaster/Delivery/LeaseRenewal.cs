namespace Broadcaster.Delivery;

/// <summary>
/// Renews the leases of every row the process's sender loops hold, in one statement every third of a lease (one
/// per process rather than one per sender), even through a long Retry-After: only a dead process's rows run out
/// and are taken over. Runs until every loop has ended and given back what it held.
/// </summary>
internal sealed class LeaseRenewal(DeliveryLedger ledger, TimeSpan lease, TimeProvider time, ILogger log)
{
    private readonly object _sync = new();
    private volatile LeaseKeeper[] _keepers = [];

    public void Add(LeaseKeeper keeper)
    {
        lock (_sync)
            _keepers = [.. _keepers, keeper];
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, ct);
                await ledger.RenewAsync([.. _keepers.SelectMany(k => k.Held)], lease, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Renewing leases failed: {Error}", e.Message);
            }
        }
    }
}
