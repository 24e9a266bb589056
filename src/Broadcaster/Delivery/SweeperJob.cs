using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// The safety net, every minute: whatever a lost job left behind is picked up. Planning is redone for
/// verified alerts that were never planned, dispatchers are restarted for alerts whose dispatcher has
/// not beaten for a minute (its job failed for good or vanished), and alerts left with nothing open
/// are closed. Hangfire already re-runs the jobs of a dead process; this covers what it cannot.
/// </summary>
public sealed class SweeperJob(NpgsqlDataSource db, Completion completion, IBackgroundJobClient jobs, IOptions<DeliveryOptions> options, ILogger<SweeperJob> log)
{
    private const string Unplanned = """
        SELECT id FROM alerts
        WHERE status = 'verified' AND verified_at < now() - interval '1 minute'
        ORDER BY id LIMIT 100
        """;

    private const string Stalled = """
        SELECT DISTINCT d.alert_id
        FROM deliveries d
        JOIN alerts a ON a.id = d.alert_id AND a.status IN ('sending', 'aborted')
        LEFT JOIN dispatch_heartbeats h ON h.alert_id = d.alert_id AND h.channel = d.channel
        WHERE d.status IN ('pending', 'sending') AND (h.beat_at IS NULL OR h.beat_at < now() - interval '1 minute')
        LIMIT 100
        """;

    private const string Unclosed = """
        SELECT a.id FROM alerts a
        WHERE a.status IN ('sending', 'aborted') AND a.completed_at IS NULL
          AND EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id)
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
        foreach (var alertId in await conn.QueryAsync<long>(new CommandDefinition(Stalled, cancellationToken: ct)))
        {
            log.LogWarning("Alert {AlertId} has open deliveries and no live dispatcher: restarting it", alertId);
            await BroadcastJob.StartDispatchersAsync(conn, alertId, jobs, options.Value.DispatchersPerChannel);
        }
        foreach (var alertId in await conn.QueryAsync<long>(new CommandDefinition(Unclosed, cancellationToken: ct)))
            await completion.TryCompleteAsync(alertId, ct);
    }
}
