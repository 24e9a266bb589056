using Broadcaster.Alerts;
using Broadcaster.Channels.Telegram;
using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Entry point of the fan-out: enqueued once when an alert is verified; plans its delivery rows, which the
/// <see cref="DispatchService"/> sender loops of every worker process then send. Safe to run twice.
/// </summary>
public sealed class BroadcastJob(NpgsqlDataSource db, AlertStore alerts, Completion completion, DispatchService dispatch,
    IBackgroundJobClient jobs, ILogger<BroadcastJob> log)
{
    // No row lock: planning a large alert takes a while, and an abort meanwhile must not wait for it.
    // An alert aborted during planning stays aborted (MarkSending finds it so), and the loops skip every row.
    private const string SelectAlert = "SELECT status, kind, reply_to, drill FROM alerts WHERE id = @alertId";

    // A retraction or all-clear makes the original's unsent messages pointless (or harmful): they are skipped,
    // in the same transaction that plans the follow-up for everyone the original reached or is reaching.
    private const string Supersede = """
        UPDATE deliveries SET status = 'skipped', error = 'superseded', updated_at = now()
        WHERE alert_id = @replyTo AND status = 'pending'
        """;

    // One statement, run entirely inside PostgreSQL: no recipient passes through this process.
    private const string InsertDeliveries = $"""
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status)
        SELECT @alertId, r.subscriber_id, r.channel, 'pending' FROM ({Recipients.Select}) r
        ON CONFLICT DO NOTHING
        """;

    // A drill's own recipient query: simulated numbers only (its coordinators are sent to by DrillNoticeJob).
    private const string InsertDrillDeliveries = $"""
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status)
        SELECT @alertId, r.subscriber_id, r.channel, 'pending' FROM ({Drills.DrillRecipients.Select}) r
        ON CONFLICT DO NOTHING
        """;

    [Queue(Queues.Broadcast)]
    public async Task PlanAsync(long alertId)
    {
        await using var conn = await db.OpenConnectionAsync();
        int planned;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var alert = await conn.QuerySingleOrDefaultAsync<(string Status, string Kind, long? ReplyTo, bool Drill)?>(SelectAlert, new { alertId }, tx);
            if (alert is not { Status: "verified" or "sending" } a)
            {
                log.LogInformation("Alert {AlertId} is {Status}: nothing to plan", alertId, alert?.Status ?? "missing");
                return;
            }
            if (a.Kind is AlertKind.Retraction or AlertKind.AllClear && a.ReplyTo is { } replyTo && !a.Drill)
            {
                var superseded = await conn.ExecuteAsync(new CommandDefinition(Supersede, new { replyTo }, tx, commandTimeout: 600));
                if (superseded > 0)
                    log.LogInformation("Alert {AlertId} ({Kind}) supersedes {Count} unsent messages of alert {Original}", alertId, a.Kind, superseded, replyTo);
            }
            planned = await conn.ExecuteAsync(new CommandDefinition(a.Drill ? InsertDrillDeliveries : InsertDeliveries, new { alertId }, tx, commandTimeout: 600));
            await alerts.MarkSendingAsync(conn, tx, alertId);
            await tx.CommitAsync();
            log.LogInformation("Alert {AlertId}: {Count} deliveries planned", alertId, planned);
        }
        if (planned >= 1000)
            await AnalyzeIfStaleAsync(conn);
        dispatch.Wake();
        // Counties with their own Telegram channel get the alert there too: one post reaches all its members.
        // The post job claims each channel before sending, so a rerun of this job posts nothing twice.
        jobs.Enqueue<AreaChannelPostJob>(j => j.PostToAreaChannelsAsync(alertId));
        // An alert nobody is subscribed to is complete at once (the author still gets the zero counts).
        await completion.TryCompleteAsync(alertId);
    }

    /// <summary>The advisory lock an analysing planner holds ("analysed"): another finding it taken skips its own.</summary>
    internal const long AnalyzeLockKey = 0x616e_616c_7973_6564;

    // Stale: never analysed, or more rows written since than a tenth of the table (autovacuum's own rule, which it
    // applies only after its naptime). Read once the lock is ours, so an analysis that just ended reads as fresh.
    private const string MineAndStale = """
        SELECT CASE WHEN pg_try_advisory_xact_lock(@key) THEN (
            SELECT c.reltuples < 0 OR coalesce(s.last_analyze, s.last_autoanalyze) IS NULL
                   OR s.n_mod_since_analyze > 0.1 * c.reltuples
            FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid = 'deliveries'::regclass)
        ELSE false END
        """;

    /// <summary>
    /// Statistics that predate a large insert lead the planner to scan every row of the alert on each outcome batch
    /// (measured: 28 ms instead of 1 ms per batch at 20k rows); autovacuum comes too late. But an ANALYZE after every
    /// planning made alerts planned at once queue on the table's lock, each paying a whole ANALYZE (23 alerts: 23
    /// ANALYZEs of 0.9 s, one after another). So only when the statistics are stale, and one at a time: a planner
    /// that finds another analysing (or autovacuum: SKIP_LOCKED) skips, as that analysis covers most of its rows.
    /// </summary>
    private static async Task AnalyzeIfStaleAsync(NpgsqlConnection conn)
    {
        // This backend's counts of the rows just planned reach pg_stat_user_tables only when it next reports,
        // which may be seconds away: have it report as this statement ends.
        await conn.ExecuteAsync("SELECT pg_stat_force_next_flush()");
        await using var tx = await conn.BeginTransactionAsync();
        if (!await conn.ExecuteScalarAsync<bool>(MineAndStale, new { key = AnalyzeLockKey }, tx))
            return;
        await conn.ExecuteAsync(new CommandDefinition("ANALYZE (SKIP_LOCKED) deliveries", transaction: tx, commandTimeout: 600));
        await tx.CommitAsync();
    }
}
