using Broadcaster.Alerts;
using Hangfire;

namespace Broadcaster.Coordinators;

/// <summary>
/// Tells a network's other coordinators that a draft awaits their verification: one job per coordinator
/// and channel, so a retry on one never repeats the others. Jobs carry ids only; addresses and the text
/// are read when the job runs.
/// </summary>
public sealed class DraftNotifications(CoordinatorStore coordinators, IBackgroundJobClient jobs)
{
    public async Task EnqueueAsync(Alert draft)
    {
        foreach (var (coordinatorId, channel) in await coordinators.ReachableAsync(draft.NetworkId))
            if (coordinatorId != draft.AuthorId)
                jobs.Enqueue<DraftNotificationJob>(j => j.NotifyAsync(draft.Id, coordinatorId, channel, CancellationToken.None));
    }
}
