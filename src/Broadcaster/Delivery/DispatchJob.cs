using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// The Hangfire job that delivers one alert on one channel: a few such jobs per alert, never one per
/// message. Safe to run twice and side by side (rows are claimed with SKIP LOCKED); when it ends with
/// nothing left it closes the alert.
/// </summary>
public sealed class DispatchJob(
    NpgsqlDataSource db, DeliveryLedger ledger, Senders senders, RateGates gates, AddressProtector protector,
    Completion completion, IBackgroundJobClient jobs, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DispatchJob> log)
{
    [Queue(Queues.Broadcast)]
    public async Task DispatchAsync(long alertId, string channel, CancellationToken ct)
    {
        var alert = await AlertContent.LoadAsync(db, alertId, ct);
        if (alert is null)
            return;
        var sender = senders.For(alert, channel);
        if (sender is null)
        {
            var failed = await ledger.FailPendingAsync(alertId, channel, $"channel '{channel}' is not configured", ct);
            log.LogError("Alert {AlertId}: {Count} {Channel} deliveries failed: the channel is not configured in this process", alertId, failed, channel);
            await completion.TryCompleteAsync(alertId, ct);
            return;
        }
        var run = new DispatchRun(alert, channel, sender.Channel, gates.For(sender), ledger, protector, options.Value, time, log);
        var later = await run.RunAsync(ct);
        log.LogInformation("Alert {AlertId}: {Channel} dispatcher finished: {Sent} handed to the provider", alertId, channel, run.Sent);
        if (later is { } delay)
        {
            // Everything left waits (retry backoff, a paused channel): free this worker meanwhile.
            await ledger.HeartbeatAsync(alertId, channel, delay, ct);
            jobs.Schedule<DispatchJob>(j => j.DispatchAsync(alertId, channel, CancellationToken.None), delay);
            return;
        }
        await completion.TryCompleteAsync(alertId, ct);
    }
}
