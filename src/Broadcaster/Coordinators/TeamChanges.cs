using Broadcaster.Alerts;
using Broadcaster.Channels;
using Hangfire;

namespace Broadcaster.Coordinators;

/// <summary>
/// Changes to a network's team (add, revoke, new key, admin flag), by a console admin or a CLI operator, with their
/// consequences: each is audited with who made it (in the store's statement) and told to every coordinator of the
/// network, so a dishonest admin cannot quietly add a second identity or take over a colleague's; a revoked
/// coordinator's drafts expire. A console admin never holds another person's API key: it goes to that person's
/// registered phone or Telegram, and only an operator (who holds the database anyway) is shown keys.
/// </summary>
public sealed class TeamChanges(
    CoordinatorStore coordinators, AlertStore alerts, CoordinatorNotices notices, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string Added = "added coordinator";
    public const string Revoked = "revoked coordinator";
    public const string NewKey = "new API key";
    public const string MadeAdmin = "made admin";
    public const string RemovedAdmin = "removed admin";

    /// <summary>An operator adds a coordinator and is shown the key.</summary>
    public async Task<(Coordinator Coordinator, string ApiKey)> OperatorAddsAsync(string networkSlug, string name, string? phone, long? telegramUserId, bool isAdmin)
    {
        var added = await coordinators.AddAsync(networkSlug, name, phone, telegramUserId, isAdmin, TeamActor.Operator);
        await TellTeamAsync(added.Coordinator, Added, TeamActor.Operator);
        return added;
    }

    /// <summary>A network admin adds a coordinator to their network; the key goes to the new coordinator only.</summary>
    public async Task<(Coordinator Coordinator, SendResult KeySent)> AdminAddsAsync(
        Coordinator admin, string networkSlug, string name, string? phone, long? telegramUserId, bool isAdmin, CancellationToken ct)
    {
        var by = TeamActor.Admin(admin);
        var (added, key) = await coordinators.AddAsync(networkSlug, name, phone, telegramUserId, isAdmin, by);
        var sent = await SendKeyAsync(added, key, ct);
        await TellTeamAsync(added, Added, by);
        return (added, sent);
    }

    /// <summary>Revokes a coordinator (of <paramref name="networkId"/> when given) and expires their open drafts; null when not found or already revoked.</summary>
    public async Task<Coordinator?> RevokeAsync(TeamActor by, long id, long? networkId = null)
    {
        if (await coordinators.FindAsync(id) is not { } coordinator || !await coordinators.RevokeAsync(id, networkId, by))
            return null;
        await alerts.ExpireDraftsOfAsync(id, clock.GetUtcNow());
        await TellTeamAsync(coordinator, Revoked, by);
        return coordinator;
    }

    /// <summary>An operator gives a coordinator a new key and is shown it; null when not found or revoked.</summary>
    public async Task<string?> OperatorNewKeyAsync(long id)
    {
        if (await coordinators.FindAsync(id) is not { } coordinator || await coordinators.NewKeyAsync(id, null, TeamActor.Operator) is not { } key)
            return null;
        await TellTeamAsync(coordinator, NewKey, TeamActor.Operator);
        return key;
    }

    /// <summary>A network admin gives a coordinator of their network a new key, sent to that coordinator; null when not found or revoked.</summary>
    public async Task<SendResult?> AdminNewKeyAsync(Coordinator admin, long id, CancellationToken ct)
    {
        var by = TeamActor.Admin(admin);
        if (await coordinators.FindAsync(id) is not { } coordinator || await coordinators.NewKeyAsync(id, admin.NetworkId, by) is not { } key)
            return null;
        var sent = await SendKeyAsync(coordinator, key, ct);
        await TellTeamAsync(coordinator, NewKey, by);
        return sent;
    }

    /// <summary>Makes a coordinator (of <paramref name="networkId"/> when given) a network admin or not; the last admin stays one.</summary>
    public async Task<AdminChange> SetAdminAsync(TeamActor by, long id, bool isAdmin, long? networkId = null)
    {
        var change = await coordinators.SetAdminAsync(id, isAdmin, networkId, by);
        if (change == AdminChange.Changed && await coordinators.FindAsync(id) is { } coordinator)
            await TellTeamAsync(coordinator, isAdmin ? MadeAdmin : RemovedAdmin, by);
        return change;
    }

    // Sent at once, not by a job: a job's arguments are stored, and the key must exist only in the coordinator's hands.
    private Task<SendResult> SendKeyAsync(Coordinator to, string key, CancellationToken ct) =>
        notices.SendAsync(to, $"Broadcaster: your new API key (keep it secret; any earlier key no longer works): {key}", ct: ct);

    // One job per coordinator, so a retry on one never repeats the others; jobs carry ids only.
    private async Task TellTeamAsync(Coordinator subject, string action, TeamActor by)
    {
        foreach (var id in (await coordinators.ReachableAsync(subject.NetworkId)).Select(r => r.Id).Distinct())
            jobs.Enqueue<TeamNoticeJob>(j => j.SendAsync(id, action, subject.Id, by.CoordinatorId, CancellationToken.None));
    }
}
