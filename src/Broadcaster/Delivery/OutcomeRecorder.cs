namespace Broadcaster.Delivery;

/// <summary>
/// Collects a sender loop's outcomes (of any alert) and writes them in batches (every 100 ms, or at once past
/// 200): one UPDATE per batch instead of a round trip per message. Rows not yet written stay 'sending' under
/// their lease (renewed while this process lives), which is what bounds the in-flight window after a crash.
/// </summary>
internal sealed class OutcomeRecorder : IAsyncDisposable
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);
    private const int FlushSize = 200;

    private readonly DeliveryLedger _ledger;
    private readonly Action<IReadOnlyList<DeliveryOutcome>> _written;
    private readonly ILogger _log;
    private readonly List<DeliveryOutcome> _buffer = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OutcomeRecorder(DeliveryLedger ledger, Action<IReadOnlyList<DeliveryOutcome>> written, ILogger log)
    {
        (_ledger, _written, _log) = (ledger, written, log);
        _loop = Task.Run(LoopAsync);
    }

    public void Add(DeliveryOutcome outcome)
    {
        int count;
        lock (_buffer)
        {
            _buffer.Add(outcome);
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
            List<DeliveryOutcome> batch;
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
                await _ledger.RecordAsync(batch, CancellationToken.None);
                _written(batch);
            }
            catch
            {
                lock (_buffer)
                    _buffer.InsertRange(0, batch);
                throw;
            }
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

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
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
        _stop.Dispose();
    }
}
