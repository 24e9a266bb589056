using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>Closes a broadcast once no row is pending or sending: final counts, then the author's summary.</summary>
public sealed class Completion(NpgsqlDataSource db, IBackgroundJobClient jobs, ILogger<Completion> log)
{
    // completed_at IS NULL makes this happen once even when two dispatchers finish together: the
    // second waits for the first's row lock, re-checks, and updates nothing.
    private const string Complete = """
        WITH c AS (
            SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
                   count(*) FILTER (WHERE status = 'delivered') AS delivered,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   count(*) FILTER (WHERE status = 'skipped') AS skipped,
                   count(*) FILTER (WHERE status IN ('pending', 'sending')) AS open
            FROM deliveries WHERE alert_id = @alertId
        ), done AS (
            DELETE FROM dispatch_heartbeats WHERE alert_id = @alertId AND (SELECT open FROM c) = 0
        )
        UPDATE alerts a SET
            status = CASE WHEN a.status = 'sending' THEN 'sent' ELSE a.status END,
            count_sent = c.sent, count_delivered = c.delivered, count_failed = c.failed, count_skipped = c.skipped,
            completed_at = now()
        FROM c
        WHERE a.id = @alertId AND c.open = 0 AND a.completed_at IS NULL AND a.status IN ('sending', 'aborted')
        RETURNING a.status
        """;

    /// <summary>True when this call closed the alert (and enqueued the author's summary).</summary>
    public async Task<bool> TryCompleteAsync(long alertId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var status = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Complete, new { alertId }, cancellationToken: ct));
        if (status is null)
            return false;
        log.LogInformation("Alert {AlertId} completed ({Status})", alertId, status);
        jobs.Enqueue<AuthorSummaryJob>(Queues.Critical, j => j.SendAsync(alertId, CancellationToken.None));
        return true;
    }
}
