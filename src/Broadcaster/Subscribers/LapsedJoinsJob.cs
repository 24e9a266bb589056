using Broadcaster.Infrastructure;
using Hangfire;

namespace Broadcaster.Subscribers;

/// <summary>
/// Erases joins that were never confirmed within <see cref="SubscriberInbox.ConfirmWindow"/>: the row and its
/// ciphertext go entirely, so an unconfirmed number does not linger; a menu never answered goes with it (and an
/// active number's unanswered menu on its own). Recurring; safe to run twice or concurrently
/// (each row is re-checked under its lock, so a JOIN arriving meanwhile wins).
/// </summary>
public sealed class LapsedJoinsJob(SubscriberStore store, TimeProvider time, ILogger<LapsedJoinsJob> log)
{
    public const string RecurringId = "subscribers-erase-lapsed-joins";
    private const int Batch = 500;

    public async Task RunAsync()
    {
        var cutoff = time.GetUtcNow() - SubscriberInbox.ConfirmWindow;
        var erased = 0;
        IReadOnlyList<long> candidates;
        do
        {
            candidates = await store.LapsedAsync(cutoff, Batch);
            var before = erased;
            foreach (var id in candidates)
            {
                await using var s = await store.OpenAsync(id);
                if (!await s.IsLapsedAsync(cutoff))
                    continue;
                await s.DeleteAsync();
                await s.CommitAsync();
                erased++;
            }
            if (erased == before)
                break;
        }
        while (candidates.Count == Batch);
        if (erased > 0)
            log.LogInformation("Erased {Count} lapsed pending join(s)", erased);
        var menus = await store.ExpireOffersAsync(cutoff);
        if (menus > 0)
            log.LogInformation("Erased {Count} lapsed menu choice(s)", menus);
    }
}
