using System.Globalization;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Drills;

/// <summary>
/// The coordinators' part of a verified drill: each coordinator of the network (the author too) gets the
/// drill as subscribers would, marked DRILL, on every channel they are registered on. One job per
/// coordinator and channel, so a retry on one never repeats the others. An aborted drill sends nothing more.
/// </summary>
public sealed class DrillNoticeJob(
    NpgsqlDataSource db, AlertStore alerts, NetworkStore networks, CoordinatorStore coordinators, CoordinatorNotices notices,
    IBackgroundJobClient jobs, ILogger<DrillNoticeJob> log)
{
    [Queue(Queues.Critical)]
    public async Task FanOutAsync(long alertId)
    {
        if (await alerts.FindAsync(alertId) is not { Drill: true } alert)
            return;
        await using var conn = await db.OpenConnectionAsync();
        foreach (var (coordinatorId, channel) in await conn.QueryAsync<(long, string)>(DrillRecipients.Coordinators, new { networkId = alert.NetworkId }))
            jobs.Enqueue<DrillNoticeJob>(j => j.SendAsync(alertId, coordinatorId, channel, CancellationToken.None));
    }

    [Queue(Queues.Critical)]
    public async Task SendAsync(long alertId, long coordinatorId, string channel, CancellationToken ct)
    {
        var alert = await alerts.FindAsync(alertId);
        if (alert is not { Drill: true } || alert.Status is not (AlertStatus.Verified or AlertStatus.Sending or AlertStatus.Sent))
            return;
        if (await coordinators.FindAsync(coordinatorId) is not { } coordinator || coordinator.NetworkId != alert.NetworkId)
            return;
        var network = await networks.FindAsync(alert.NetworkId);
        // As every coordinator notice: from the network's own sender, through its rate bucket.
        var result = await notices.SendAsync(coordinator, AlertText.Render(alert, network?.Name ?? "", Language.English, channel), channel, ct);
        if (result.Outcome == SendOutcome.RetryLater)
            throw new InvalidOperationException($"{channel} asked to retry later ({result.Error}); Hangfire retries this drill notice");
        log.LogInformation("Drill {AlertId} to coordinator {CoordinatorId} by {Channel}: {Outcome}", alertId, coordinatorId, channel, result.Outcome);
    }
}
