using Broadcaster.Alerts;
using Dapper;

namespace Broadcaster.Delivery;

/// <summary>An alert's outcomes: its delivery rows by status plus those folded into the alert when their rows were deleted.</summary>
public sealed record DeliveryTally(int Total, int Open, int Sent, int Delivered, int Failed, int Skipped)
{
    public static readonly DeliveryTally None = new(0, 0, 0, 0, 0, 0);

    // 'sending' rows are in flight: still pending as far as a coordinator watching is concerned.
    public DeliveryCounts ToCounts() => new(Open, Sent, Delivered, Failed, Skipped);
}

public sealed partial class DeliveryLedger
{
    // One statement, so a fold (which deletes rows and adds them to the alert at once) is seen whole or not at all.
    // Once reduced, an alert's kept counts are all there is.
    private const string Counts = """
        SELECT (CASE WHEN a.reduced_at IS NULL THEN r.total + a.folded_sent + a.folded_delivered + a.folded_failed + a.folded_skipped
                     ELSE a.count_sent + a.count_delivered + a.count_failed + a.count_skipped END)::int AS total,
               (CASE WHEN a.reduced_at IS NULL THEN r.open ELSE 0 END)::int AS open,
               (CASE WHEN a.reduced_at IS NULL THEN r.sent + a.folded_sent ELSE a.count_sent END)::int AS sent,
               (CASE WHEN a.reduced_at IS NULL THEN r.delivered + a.folded_delivered ELSE a.count_delivered END)::int AS delivered,
               (CASE WHEN a.reduced_at IS NULL THEN r.failed + a.folded_failed ELSE a.count_failed END)::int AS failed,
               (CASE WHEN a.reduced_at IS NULL THEN r.skipped + a.folded_skipped ELSE a.count_skipped END)::int AS skipped
        FROM alerts a
        CROSS JOIN LATERAL (
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status IN ('pending', 'sending')) AS open,
                   count(*) FILTER (WHERE status = 'sent') AS sent,
                   count(*) FILTER (WHERE status = 'delivered') AS delivered,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   count(*) FILTER (WHERE status = 'skipped') AS skipped
            FROM deliveries WHERE alert_id = a.id) r
        WHERE a.id = @alertId
        """;

    /// <summary>The one count of an alert: the API's progress, completion and retention all use it.</summary>
    public async Task<DeliveryTally> CountsAsync(long alertId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeliveryTally>(new CommandDefinition(Counts, new { alertId }, cancellationToken: ct))
            ?? DeliveryTally.None;
    }

    // Every delete of delivery rows ends in this tail: the outcomes of the rows deleted are added to their alerts in the
    // same statement, so the counts never lose them (and a reader sees the rows or the fold, never neither).
    // A row still open is never chosen by KeepLess; at retention one would be a message that never went: failed.
    private const string FoldDeleted = """
        ), tally AS (
            SELECT alert_id, count(*) AS n,
                   count(*) FILTER (WHERE status = 'sent') AS sent,
                   count(*) FILTER (WHERE status = 'delivered') AS delivered,
                   count(*) FILTER (WHERE status NOT IN ('sent', 'delivered', 'skipped')) AS failed,
                   count(*) FILTER (WHERE status = 'skipped') AS skipped
            FROM gone GROUP BY alert_id
        ), folded AS (
            UPDATE alerts a SET folded_sent = a.folded_sent + t.sent, folded_delivered = a.folded_delivered + t.delivered,
                                folded_failed = a.folded_failed + t.failed, folded_skipped = a.folded_skipped + t.skipped
            FROM tally t WHERE a.id = t.alert_id
        )
        SELECT coalesce(sum(n), 0)::int FROM tally
        """;

    private const string FoldStopped = """
        WITH gone AS (
            DELETE FROM deliveries d
            WHERE (d.alert_id, d.subscriber_id) IN (
                SELECT d2.alert_id, d2.subscriber_id FROM deliveries d2 JOIN subscribers s ON s.id = d2.subscriber_id
                WHERE s.status = 'stopped' AND d2.status NOT IN ('pending', 'sending') AND d2.updated_at < @settled
                LIMIT @batch)
            RETURNING d.alert_id, d.status
        """ + FoldDeleted;

    /// <summary>
    /// Privacy: deletes up to <paramref name="batch"/> final rows of stopped subscribers that have not changed since
    /// <paramref name="settled"/>, their outcomes kept in their alerts' counts. Returns how many rows went.
    /// </summary>
    public async Task<int> FoldStoppedAsync(DateTimeOffset settled, int batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(FoldStopped, new { settled, batch }, cancellationToken: ct));
    }

    private const string FoldAlert = """
        WITH gone AS (
            DELETE FROM deliveries WHERE alert_id = @alertId
            RETURNING alert_id, status
        """ + FoldDeleted;

    /// <summary>Retention: every row of a completed alert deleted, its outcomes kept in the alert's counts.</summary>
    public async Task FoldAsync(long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteScalarAsync<int>(new CommandDefinition(FoldAlert, new { alertId }, commandTimeout: 600, cancellationToken: ct));
    }
}
