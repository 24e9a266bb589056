using Broadcaster.Infrastructure;
using Hangfire;

namespace Broadcaster.Alerts;

/// <summary>
/// Recurring sweep: drafts nobody verified within Broadcaster:DraftTtl become 'expired'. Verification checks
/// expires_at itself, so the sweep only makes the status (and the audit log) say so; running it twice is harmless.
/// </summary>
public sealed class DraftExpiryJob(AlertStore alerts, TimeProvider clock, ILogger<DraftExpiryJob> log)
{
    public const string RecurringId = "alerts:expire-drafts";

    [Queue(Queues.Default)]
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public async Task RunAsync()
    {
        var expired = await alerts.ExpireDueAsync(clock.GetUtcNow());
        if (expired > 0)
            log.LogInformation("{Count} unverified draft(s) expired", expired);
    }
}
