using Broadcaster.Infrastructure;
using Hangfire;

namespace Broadcaster.Delivery;

/// <summary>Entry point of the fan-out: enqueued once when an alert is verified. Safe to run twice.</summary>
public sealed class BroadcastJob
{
    [Queue(Queues.Broadcast)]
    public Task PlanAsync(long alertId) => Task.CompletedTask;
}
