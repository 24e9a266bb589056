using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Hangfire;

namespace Broadcaster.Coordinators;

/// <summary>Tells one coordinator of a change to their network's team, so that nobody's account changes unseen.</summary>
public sealed class TeamNoticeJob(CoordinatorStore coordinators, NetworkStore networks, CoordinatorNotices notices)
{
    [Queue(Queues.Critical)]
    public async Task SendAsync(long recipientId, string action, long subjectId, long? actorId, CancellationToken ct)
    {
        if (await coordinators.FindAsync(recipientId) is not { } recipient || await coordinators.FindAsync(subjectId) is not { } subject)
            return;
        var actor = actorId is { } id ? await coordinators.FindAsync(id) : null;
        var network = await networks.FindAsync(subject.NetworkId);
        var result = await notices.SendAsync(recipient, Text(network?.Name ?? "", action, subject, actor), ct: ct);
        if (result.Outcome == SendOutcome.RetryLater)
            throw new InvalidOperationException($"team notice not accepted yet ({result.Error}); Hangfire retries");
    }

    internal static string Text(string network, string action, Coordinator subject, Coordinator? actor)
    {
        var who = actor is null ? "An operator (CLI)" : $"{actor.Name} (#{actor.Id})";
        var whom = $"{subject.Name} (#{subject.Id})";
        var what = action switch
        {
            TeamChanges.Added => $"added {whom} as a coordinator{(subject.IsAdmin ? " and network admin" : "")}",
            TeamChanges.Revoked => $"revoked {whom}",
            TeamChanges.NewKey => $"gave {whom} a new API key (sent to {subject.Name}'s own phone or Telegram)",
            TeamChanges.MadeAdmin => $"made {whom} a network admin",
            TeamChanges.RemovedAdmin => $"removed {whom} as network admin",
            _ => $"changed {whom} ({action})",
        };
        return $"{network} team change: {who} {what}. Not expected? Tell your network's admins at once.";
    }
}
