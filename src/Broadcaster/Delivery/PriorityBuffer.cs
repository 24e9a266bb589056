namespace Broadcaster.Delivery;

/// <summary>
/// A sender loop's claimed rows not yet given a slot, per alert in claim order. The next row is the head of the
/// first alert in the priority order (<see cref="DispatchDecisions.ByPriority"/>) that has rows, looked up when the
/// slot comes, not when the row was claimed; rows of alerts no longer in the order (no longer in flight here) come
/// last. Any thread may add; one taker (the pacer) takes, always a head row.
/// </summary>
internal sealed class PriorityBuffer(Action taken)
{
    private readonly Dictionary<long, Queue<ClaimedDelivery>> _rows = [];
    private readonly SemaphoreSlim _ready = new(0);
    private IReadOnlyList<long> _order = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The alerts in priority order, first first.</summary>
    public void Order(IReadOnlyList<long> alertIds)
    {
        lock (_rows)
            _order = alertIds;
    }

    public void Add(ClaimedDelivery row)
    {
        lock (_rows)
        {
            if (!_rows.TryGetValue(row.AlertId, out var rows))
                _rows[row.AlertId] = rows = new Queue<ClaimedDelivery>();
            rows.Enqueue(row);
        }
        Interlocked.Increment(ref _count);
        if (_ready.CurrentCount == 0)
            _ready.Release();
    }

    /// <summary>The row of highest priority, left in the buffer; waits until there is one.</summary>
    public async Task<ClaimedDelivery> PeekAsync(CancellationToken ct)
    {
        while (true)
        {
            if (Peek() is { } row)
                return row;
            await _ready.WaitAsync(ct);
        }
    }

    public ClaimedDelivery? Peek()
    {
        lock (_rows)
            return Best();
    }

    /// <summary>Takes the row of highest priority if <paramref name="fits"/> says it may go (else leaves everything).</summary>
    public ClaimedDelivery? TakeBest(Func<ClaimedDelivery, bool> fits)
    {
        lock (_rows)
            return Best() is { } row && fits(row) ? Take(row) : null;
    }

    /// <summary>Takes a row that is the head of its alert's rows (as <see cref="Peek"/> returned it).</summary>
    public ClaimedDelivery Take(ClaimedDelivery row)
    {
        lock (_rows)
        {
            var rows = _rows[row.AlertId];
            if (!ReferenceEquals(rows.Peek(), row))
                throw new InvalidOperationException("only the head row of an alert can be taken");
            rows.Dequeue();
            if (rows.Count == 0)
                _rows.Remove(row.AlertId);
        }
        Interlocked.Decrement(ref _count);
        taken();
        return row;
    }

    private ClaimedDelivery? Best()
    {
        foreach (var id in _order)
            if (_rows.TryGetValue(id, out var rows))
                return rows.Peek();
        return _rows.Values.FirstOrDefault()?.Peek();
    }
}
