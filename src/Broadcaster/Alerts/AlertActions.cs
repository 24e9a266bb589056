using Broadcaster.Coordinators;
using Broadcaster.Delivery;
using Hangfire;

namespace Broadcaster.Alerts;

/// <summary>
/// An alert with its effective status, delivery counts and sent follow-ups, as a coordinator of its network sees it.
/// <see cref="Shown"/> is what it means now: a sent alert later retracted is "retracted", one updated or cleared "superseded".
/// </summary>
public sealed record AlertState(Alert Alert, string Status, DeliveryCounts Counts, IReadOnlyList<FollowUp>? FollowUps = null)
{
    public string Shown => AlertStatus.Shown(Status, FollowUps ?? []);
    public long? RetractedBy => FollowUps?.FirstOrDefault(f => f.Kind == AlertKind.Retraction)?.Id;
    public long? SupersededBy => FollowUps?.LastOrDefault(f => f.Kind != AlertKind.Retraction)?.Id;
}

/// <summary>A sent follow-up of an alert.</summary>
public sealed record FollowUp(long Original, long Id, string Kind);

/// <summary>
/// What a coordinator may do to an existing alert, with the same rules for the API and the SMS/Telegram
/// commands: only within their network (403), a second coordinator verifies (409 for the author), and
/// only a live draft can be verified (409 otherwise, including a draft past its expiry).
/// </summary>
public sealed class AlertActions(AlertStore alerts, DeliveryLedger ledger, DraftNotifications notifications, IBackgroundJobClient jobs,
    TimeProvider clock, ILogger<AlertActions> log)
{
    public async Task<Outcome<AlertState>> StatusAsync(Coordinator coordinator, long id)
    {
        var found = await FindAsync(coordinator, id);
        return found.Value is { } alert ? await StateAsync(alert) : found.Error!;
    }

    public async Task<Outcome<AlertState>> VerifyAsync(Coordinator coordinator, long id)
    {
        var found = await FindAsync(coordinator, id);
        if (found.Value is not { } alert)
            return found.Error!;
        if (alert.AuthorId == coordinator.Id)
            return AlertError.Conflict($"You drafted alert #{id}: a second coordinator of your network must verify it.");

        var now = clock.GetUtcNow();
        if (!await alerts.VerifyAsync(id, coordinator.NetworkId, coordinator.Id, now))
        {
            var current = (await alerts.FindAsync(id))!;
            if (current.EffectiveStatus(now) == AlertStatus.Expired)
                await alerts.ExpireDueAsync(now);
            return AlertError.Conflict(CannotVerify(current, now));
        }
        // Enqueued after the commit, so the job always finds the alert verified. Only the winner of the
        // conditional update gets here, so exactly one broadcast is planned per alert.
        var jobId = jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(id));
        if (alert.Drill)
            jobs.Enqueue<Drills.DrillNoticeJob>(j => j.FanOutAsync(id));
        log.LogInformation("Alert {AlertId} verified by coordinator {CoordinatorId}; broadcast job {JobId}", id, coordinator.Id, jobId);
        return await StateAsync((await alerts.FindAsync(id))!);
    }

    /// <summary>The author releases a held draft (drafted by text): only now are the others asked to verify it.</summary>
    public async Task<Outcome<AlertState>> ConfirmAsync(Coordinator coordinator, long id)
    {
        var found = await FindAsync(coordinator, id);
        if (found.Value is not { } alert)
            return found.Error!;
        var now = clock.GetUtcNow();
        if (alert.AuthorId != coordinator.Id)
            return AlertError.Forbidden($"Only the author of alert #{id} can confirm it.");
        if (!await alerts.ConfirmAsync(id, coordinator.Id, now))
        {
            var current = (await alerts.FindAsync(id))!;
            return AlertError.Conflict($"Alert #{id} is {current.EffectiveStatus(now)}: there is nothing to confirm.");
        }
        var confirmed = (await alerts.FindAsync(id))!;
        await notifications.EnqueueAsync(confirmed);
        log.LogInformation("Alert {AlertId} confirmed by its author {CoordinatorId}", id, coordinator.Id);
        return await StateAsync(confirmed);
    }

    public async Task<Outcome<AlertState>> AbortAsync(Coordinator coordinator, long id)
    {
        var found = await FindAsync(coordinator, id);
        if (found.Value is null)
            return found.Error!;
        var now = clock.GetUtcNow();
        if (!await alerts.AbortAsync(id, coordinator.NetworkId, coordinator.Id, now))
        {
            var current = (await alerts.FindAsync(id))!;
            return AlertError.Conflict($"Alert #{id} is {current.EffectiveStatus(now)}: there is nothing left to abort.");
        }
        log.LogInformation("Alert {AlertId} aborted by coordinator {CoordinatorId}", id, coordinator.Id);
        return await StateAsync((await alerts.FindAsync(id))!);
    }

    /// <summary>The network's recent alerts with their effective status, optionally only those of one status.</summary>
    public async Task<IReadOnlyList<(Alert Alert, string Status)>> RecentAsync(Coordinator coordinator, string? status)
    {
        var now = clock.GetUtcNow();
        return (await alerts.RecentAsync(coordinator.NetworkId, status, now)).Select(a => (a, a.EffectiveStatus(now))).ToList();
    }

    /// <summary>Recent alerts with what each means now (<see cref="AlertState.Shown"/>): the overview's list.</summary>
    public async Task<IReadOnlyList<(Alert Alert, string Shown)>> RecentShownAsync(Coordinator coordinator)
    {
        var recent = await RecentAsync(coordinator, null);
        var followUps = (await alerts.FollowUpsAsync([.. recent.Select(r => r.Alert.Id)])).ToLookup(f => f.Original);
        return recent.Select(r => (r.Alert, AlertStatus.Shown(r.Status, [.. followUps[r.Alert.Id]]))).ToList();
    }

    private async Task<Outcome<Alert>> FindAsync(Coordinator coordinator, long id)
    {
        var alert = await alerts.FindAsync(id);
        if (alert is null)
            return AlertError.NotFound($"There is no alert #{id}.");
        if (alert.NetworkId != coordinator.NetworkId)
            return AlertError.Forbidden($"Alert #{id} belongs to another network.");
        return alert;
    }

    // The rows left plus the outcomes folded into the alert as rows were deleted (all of them after retention).
    private async Task<AlertState> StateAsync(Alert alert) =>
        new(alert, alert.EffectiveStatus(clock.GetUtcNow()), (await ledger.CountsAsync(alert.Id)).ToCounts(), await alerts.FollowUpsAsync([alert.Id]));

    private static string CannotVerify(Alert alert, DateTimeOffset now) => alert.EffectiveStatus(now) switch
    {
        AlertStatus.Expired => $"Alert #{alert.Id} expired unverified at {alert.ExpiresAt:yyyy-MM-dd HH:mm} UTC: draft it again.",
        AlertStatus.Aborted => $"Alert #{alert.Id} was aborted.",
        AlertStatus.Held => $"Alert #{alert.Id} awaits its author's CONFIRM: it cannot be verified before.",
        _ when alert.VerifierId is not null => $"Alert #{alert.Id} is already verified.",
        var status => $"Alert #{alert.Id} is {status} and cannot be verified.",
    };
}
