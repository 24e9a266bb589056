using Broadcaster.Infrastructure;
using Hangfire;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// The job's name before areas. Hangfire stores a job by type and method name, so a post enqueued by the previous
/// release and still waiting at the upgrade would otherwise fail for good; this one runs it as <see cref="AreaChannelPostJob"/>.
/// </summary>
public sealed class CountyChannelPostJob(AreaChannelPostJob job)
{
    [Queue(Queues.Broadcast)]
    public Task PostToCountyChannelsAsync(long alertId) => job.PostToAreaChannelsAsync(alertId);
}
