using System.Collections.Concurrent;

namespace Broadcaster.Delivery;

/// <summary>
/// The rows a sender loop holds (claimed, outcome not yet written). The process's <see cref="LeaseRenewal"/> renews
/// them with every other loop's; at the end the loop gives back those never handed over, their attempt uncounted.
/// </summary>
internal sealed class LeaseKeeper(DeliveryLedger ledger)
{
    private readonly ConcurrentDictionary<(long AlertId, long SubscriberId), byte> _held = new();

    public void Hold(ClaimedDelivery row) => _held[(row.AlertId, row.SubscriberId)] = 0;

    /// <summary>Their outcomes are written: the rows are no longer ours.</summary>
    public void Written(IEnumerable<DeliveryOutcome> outcomes)
    {
        foreach (var o in outcomes)
            _held.TryRemove((o.AlertId, o.SubscriberId), out _);
    }

    /// <summary>The rows held now.</summary>
    public IEnumerable<(long AlertId, long SubscriberId)> Held => _held.Keys;

    /// <summary>The alerts of which this loop holds rows.</summary>
    public HashSet<long> Alerts() => [.. _held.Keys.Select(k => k.AlertId)];

    public async Task ReleaseAllAsync()
    {
        var held = _held.Keys.ToList();
        await ledger.ReleaseAsync(held, CancellationToken.None);
        foreach (var row in held)
            _held.TryRemove(row, out _);
    }
}
