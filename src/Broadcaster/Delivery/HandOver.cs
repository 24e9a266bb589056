using Broadcaster.Alerts;
using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// The last look at a row before the provider gets it, batched: sends about to go (the sender loop asks while
/// it waits for the slot) join one query that checks, for all of them at once, that the subscriber is still active, the alert still sending and not
/// superseded by a retraction or all-clear. The batch holds locks until its sends are done (at most
/// <see cref="HoldLimit"/>): FOR SHARE on those subscribers, and each alert's hand-over lock
/// (<see cref="AlertStore.HandOverLockKey"/>) shared. A STOP or abort that comes meanwhile waits for them, so once
/// a STOP or abort has been answered, nothing more goes out to that person or of that alert.
/// </summary>
public sealed class HandOver(NpgsqlDataSource db, ILogger<HandOver> log)
{
    /// <summary>A provider that hangs must not hold a STOP longer than this.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(2);

    /// <summary>What a send may take while the locks are still held.</summary>
    public static readonly TimeSpan SendMargin = TimeSpan.FromSeconds(1);

    // A drill follow-up never supersedes a real alert (the drafter refuses one; this holds whatever wrote it).
    // Its own statement, before the check: a READ COMMITTED statement reads what was committed when it began, so
    // a check that waited in the same statement for an abort to commit would still see the alert sending.
    private const string LockAlerts = "SELECT count(pg_advisory_xact_lock_shared(k)) FROM unnest(@keys) AS k";

    private const string Check = """
        SELECT h.alert_id, h.subscriber_id, s.status AS subscriber_status, a.status AS alert_status,
               EXISTS (SELECT 1 FROM alerts f
                       WHERE f.reply_to = a.id AND f.kind IN ('retraction', 'all-clear') AND f.status IN ('sending', 'sent')
                         AND (a.drill OR NOT f.drill)) AS superseded
        FROM unnest(@alertIds, @ids) AS h(alert_id, subscriber_id)
        JOIN subscribers s ON s.id = h.subscriber_id
        JOIN alerts a ON a.id = h.alert_id
        ORDER BY s.id
        FOR SHARE OF s
        """;

    private readonly object _sync = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private Batch? _open;

    /// <summary>Dispose the ticket once the send is done (or not made): that releases the locks.</summary>
    public async Task<Ticket> CheckAsync(ClaimedDelivery row, CancellationToken ct)
    {
        Batch batch;
        var starts = false;
        lock (_sync)
        {
            if (_open is null)
                (_open, starts) = (new Batch(), true);
            batch = _open;
            batch.Rows.Add((row.AlertId, row.SubscriberId));
            batch.Holders++;
        }
        if (starts)
            _ = Task.Run(() => RunAsync(batch));
        var refusals = await batch.Result.Task.WaitAsync(ct);
        return new Ticket(batch, refusals.GetValueOrDefault((row.AlertId, row.SubscriberId)));
    }

    private async Task RunAsync(Batch batch)
    {
        // One query at a time: whoever comes while it runs joins the next batch.
        await _running.WaitAsync();
        try
        {
            lock (_sync)
                _open = null;
            batch.Conn = await db.OpenConnectionAsync();
            batch.Tx = await batch.Conn.BeginTransactionAsync();
            // In key order, so that two batches and an abort can never wait for each other in a circle.
            var keys = batch.Rows.Select(r => AlertStore.HandOverLockKey(r.AlertId)).Distinct().Order().ToArray();
            await batch.Conn.ExecuteAsync(LockAlerts, new { keys }, batch.Tx);
            var rows = (await batch.Conn.QueryAsync<(long AlertId, long SubscriberId, string SubscriberStatus, string AlertStatus, bool Superseded)>(
                Check, new { alertIds = batch.Rows.Select(r => r.AlertId).ToArray(), ids = batch.Rows.Select(r => r.SubscriberId).ToArray() }, batch.Tx))
                .ToDictionary(r => (r.AlertId, r.SubscriberId));
            var refusals = batch.Rows.Distinct().ToDictionary(k => k, k => Refusal(rows.TryGetValue(k, out var r) ? r : null));
            batch.CheckedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            batch.Result.SetResult(refusals);
            _ = Task.Delay(HoldLimit).ContinueWith(_ => batch.EndAsync());
        }
        catch (Exception e)
        {
            log.LogWarning("The hand-over re-check failed: {Error}", e.Message);
            batch.Result.TrySetException(e);
            await batch.EndAsync();
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Why the row must not be sent (the outcome's error), or null to send it.</summary>
    public static string? Refusal((long, long, string SubscriberStatus, string AlertStatus, bool Superseded)? row) => row switch
    {
        null => "subscriber no longer active",
        { AlertStatus: not "sending" } => "alert aborted",
        { SubscriberStatus: not "active" } => "subscriber no longer active",
        { Superseded: true } => "superseded",
        _ => null,
    };

    public sealed class Ticket(Batch batch, string? refusal) : IAsyncDisposable
    {
        private int _disposed;

        public string? Refusal { get; } = refusal;

        /// <summary>
        /// The locks were let go, or will be before a send could be done (less than <see cref="SendMargin"/> of
        /// <see cref="HoldLimit"/> left): the check proves nothing for a send now and must be made again.
        /// </summary>
        public bool Expired => batch.Ended || System.Diagnostics.Stopwatch.GetElapsedTime(batch.CheckedAt) > HoldLimit - SendMargin;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 && batch.Leave() ? new ValueTask(batch.EndAsync()) : ValueTask.CompletedTask;
    }

    public sealed class Batch
    {
        private int _ended;

        internal List<(long AlertId, long SubscriberId)> Rows { get; } = [];
        internal int Holders;
        internal long CheckedAt;
        internal NpgsqlConnection? Conn;
        internal NpgsqlTransaction? Tx;
        internal TaskCompletionSource<Dictionary<(long, long), string?>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal bool Leave() => Interlocked.Decrement(ref Holders) == 0;

        internal bool Ended => Volatile.Read(ref _ended) == 1;

        // Commit releases the locks; it changes nothing else. Once, whoever comes first: the last holder or the time limit.
        internal async Task EndAsync()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 1)
                return;
            try
            {
                if (Tx is not null)
                    await Tx.CommitAsync();
            }
            catch (Exception)
            {
                // The locks go with the connection anyway.
            }
            finally
            {
                if (Conn is not null)
                    await Conn.DisposeAsync();
            }
        }
    }
}
