namespace Broadcaster.Delivery;

/// <summary>
/// Collects the outcomes of every sender loop of the process (any alert, any sender) and writes them in batches
/// (every 100 ms, or at once past 500): one UPDATE per batch for all senders together, not one per sender and
/// certainly not a round trip per message (23 senders at 100/s made 230 small writes a second, each with its
/// transaction and connection reset). Each loop is told which of its outcomes were written. Rows not yet written
/// stay 'sending' under their lease (renewed while this process lives), which bounds the in-flight window after a crash.
/// </summary>
internal sealed class OutcomeRecorder : IAsyncDisposable
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);
    private const int FlushSize = 500;

    private readonly DeliveryLedger _ledger;
    private readonly ILogger _log;
    private readonly List<(DeliveryOutcome Outcome, Action<IReadOnlyList<DeliveryOutcome>> Written)> _buffer = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OutcomeRecorder(DeliveryLedger ledger, ILogger log)
    {
        (_ledger, _log) = (ledger, log);
        _loop = Task.Run(LoopAsync);
    }

    /// <param name="written">Called with the outcomes of this caller once they are written (the same delegate for a loop's every outcome).</param>
    public void Add(DeliveryOutcome outcome, Action<IReadOnlyList<DeliveryOutcome>> written)
    {
        int count;
        lock (_buffer)
        {
            _buffer.Add((outcome, written));
            count = _buffer.Count;
        }
        if (count == FlushSize)
            _wake.Release();
    }

    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            List<(DeliveryOutcome Outcome, Action<IReadOnlyList<DeliveryOutcome>> Written)> batch;
            lock (_buffer)
            {
                if (_buffer.Count == 0)
                    return;
                batch = [.. _buffer];
                _buffer.Clear();
            }
            try
            {
                // Not cancellable: an outcome already handed to the provider must be written even on shutdown.
                await _ledger.RecordAsync([.. batch.Select(b => b.Outcome)], CancellationToken.None);
            }
            catch
            {
                lock (_buffer)
                    _buffer.InsertRange(0, batch);
                throw;
            }
            foreach (var owner in batch.GroupBy(b => b.Written))
                owner.Key([.. owner.Select(b => b.Outcome)]);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(FlushEvery, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await FlushAsync();
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                _log.LogWarning(e, "Writing delivery outcomes failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Writes everything added so far, retrying a few times (a sender loop that ends, the process that stops).</summary>
    public async Task DrainAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FlushAsync();
                break;
            }
            catch (Exception e) when (attempt < 5 && e is Npgsql.NpgsqlException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        await DrainAsync();
        _stop.Dispose();
    }
}
