using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Per-recipient rows live only while an alert is in flight and for Broadcaster:DeliveryRetention after
/// (so follow-ups reach the same people); then they are reduced to the count columns and deleted.
/// </summary>
public sealed class RetentionJob(NpgsqlDataSource db, IOptions<BroadcasterOptions> app, ILogger<RetentionJob> log)
{
    // The counts are taken again here: status callbacks may have moved rows since completion.
    private const string Reduce = """
        WITH due AS (
            SELECT id FROM alerts
            WHERE completed_at < now() - @retention AND reduced_at IS NULL
            ORDER BY id LIMIT 20
            FOR UPDATE SKIP LOCKED
        ), c AS (
            SELECT d.alert_id,
                   count(*) FILTER (WHERE d.status = 'sent') AS sent,
                   count(*) FILTER (WHERE d.status = 'delivered') AS delivered,
                   count(*) FILTER (WHERE d.status = 'failed') AS failed,
                   count(*) FILTER (WHERE d.status = 'skipped') AS skipped
            FROM deliveries d WHERE d.alert_id IN (SELECT id FROM due)
            GROUP BY d.alert_id
        ), reduced AS (
            UPDATE alerts a SET
                count_sent = coalesce(c.sent, a.count_sent), count_delivered = coalesce(c.delivered, a.count_delivered),
                count_failed = coalesce(c.failed, a.count_failed), count_skipped = coalesce(c.skipped, a.count_skipped),
                reduced_at = now()
            FROM due LEFT JOIN c ON c.alert_id = due.id
            WHERE a.id = due.id
            RETURNING a.id
        ), deleted AS (
            DELETE FROM deliveries WHERE alert_id IN (SELECT id FROM reduced)
        ), beats AS (
            DELETE FROM dispatch_heartbeats WHERE alert_id IN (SELECT id FROM reduced)
        )
        SELECT count(*)::int FROM reduced
        """;

    public async Task RunAsync(CancellationToken ct)
    {
        var retention = app.Value.DeliveryRetention;
        var total = 0;
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var reduced = await conn.ExecuteScalarAsync<int>(new CommandDefinition(Reduce, new { retention }, commandTimeout: 600, cancellationToken: ct));
            total += reduced;
            if (reduced == 0)
                break;
        }
        if (total > 0)
            log.LogInformation("Reduced the delivery rows of {Count} completed alert(s) to counts", total);
    }
}
