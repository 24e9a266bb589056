using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// The safety net, every minute: whatever a lost job left behind is picked up. Planning is redone for
/// verified alerts that were never planned, and alerts left with nothing open are closed. Sending needs no
/// restart: the sender loops of every worker process pick up any alert in flight (<see cref="DispatchService"/>).
/// </summary>
public sealed class SweeperJob(NpgsqlDataSource db, Completion completion, IBackgroundJobClient jobs, ILogger<SweeperJob> log)
{
    private const string Unplanned = """
        SELECT id FROM alerts
        WHERE status = 'verified' AND verified_at < now() - interval '1 minute'
        ORDER BY id LIMIT 100
        """;

    private const string Unclosed = """
        SELECT a.id FROM alerts a
        WHERE a.status IN ('sending', 'aborted') AND a.completed_at IS NULL
          AND (EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id)
               OR a.folded_sent + a.folded_delivered + a.folded_failed + a.folded_skipped > 0)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND d.status IN ('pending', 'sending'))
        LIMIT 100
        """;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var alertId in await conn.QueryAsync<long>(new CommandDefinition(Unplanned, cancellationToken: ct)))
        {
            log.LogWarning("Alert {AlertId} was verified over a minute ago but never planned: planning it now", alertId);
            jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(alertId));
        }
        foreach (var alertId in await conn.QueryAsync<long>(new CommandDefinition(Unclosed, cancellationToken: ct)))
            await completion.TryCompleteAsync(alertId, ct);
    }
}
