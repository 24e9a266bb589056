using System.Globalization;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Hangfire;

namespace Broadcaster.Coordinators;

/// <summary>
/// Sends one coordinator the draft they are asked to verify. Skipped once the draft is decided (verified,
/// aborted, expired): a late nudge would only confuse. A provider hiccup is retried by Hangfire.
/// </summary>
public sealed class DraftNotificationJob(
    AlertStore alerts,
    NetworkStore networks,
    CoordinatorStore coordinators,
    CoordinatorNotices notices,
    CommandCodes codes,
    TimeProvider clock,
    ILogger<DraftNotificationJob> log)
{
    // Hangfire's default retries apply; once the draft is decided or expired a retry does nothing.
    [Queue(Queues.Critical)]
    public async Task NotifyAsync(long alertId, long coordinatorId, string channel, CancellationToken ct)
    {
        var alert = await alerts.FindAsync(alertId);
        if (alert is null || alert.EffectiveStatus(clock.GetUtcNow()) != AlertStatus.Draft)
            return;
        if (await coordinators.FindAsync(coordinatorId) is not { } coordinator || coordinator.NetworkId != alert.NetworkId)
            return;

        var author = await coordinators.FindAsync(alert.AuthorId);
        var network = await networks.FindAsync(alert.NetworkId);
        // By SMS the notice carries this coordinator's one-time code: only their real phone reads it.
        var code = channel == ChannelName.Sms ? await codes.IssueAsync(alert.Id, coordinatorId) : null;
        var text = Notice(alert, author?.Name ?? "a coordinator", network?.Name ?? "", code);
        // From the network's own sender when it has one (coordinators know their network's number), through its rate bucket.
        var result = await notices.SendAsync(coordinator, text, channel, ct);
        if (result.Outcome == SendOutcome.RetryLater)
            throw new InvalidOperationException($"{channel} asked to retry later ({result.Error}); Hangfire retries this notice");
        if (result.Outcome == SendOutcome.Sent)
            log.LogInformation("Asked coordinator {CoordinatorId} by {Channel} to verify alert {AlertId}", coordinatorId, channel, alertId);
    }

    internal static string Notice(Alert alert, string authorName, string networkName, string? code = null)
    {
        var texts = string.Concat(alert.Texts.OrderBy(t => t.Key != Language.English).ThenBy(t => t.Key)
            .Select(t => $"\n{t.Key.ToUpperInvariant()}: {t.Value}"));
        var drill = alert.Drill ? "DRILL " : "";
        return $"{drill}{networkName}: {authorName} drafted {drill.ToLowerInvariant()}{alert.Kind} alert #{alert.Id} for {string.Join(", ", alert.Areas.Select(a => a.Name))}.{texts}\n" +
               (code is null ? $"Reply VERIFY {alert.Id} to send it, or ABORT {alert.Id}." : $"Reply VERIFY {alert.Id} {code} to send it, or ABORT {alert.Id} {code}.");
    }
}
