using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Tells an alert's author how the broadcast went, as every coordinator notice goes (<see cref="CoordinatorNotices"/>):
/// by SMS from the network's own sender, through its rate bucket, when they have a phone, else on Telegram.
/// </summary>
public sealed class AuthorSummaryJob(NpgsqlDataSource db, CoordinatorStore coordinators, CoordinatorNotices notices, ILogger<AuthorSummaryJob> log)
{
    // The row lock is held while sending, and notified_at is set in the same transaction: a rerun
    // (Hangfire retry, second enqueue) finds the summary sent and does nothing.
    private const string SelectForNotice = """
        SELECT a.status, a.count_sent, a.count_delivered, a.count_failed, a.count_skipped, a.author_id, a.drill
        FROM alerts a
        WHERE a.id = @alertId AND a.completed_at IS NOT NULL AND a.notified_at IS NULL
        FOR UPDATE OF a
        """;

    [Queue(Queues.Critical)]
    public async Task SendAsync(long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectForNotice, new { alertId }, tx, cancellationToken: ct));
        if (row is null)
            return;
        if (await coordinators.FindAsync(row.AuthorId) is { } author)
        {
            var result = await notices.SendAsync(author, Text(alertId, row), ct: ct);
            if (result.Outcome == SendOutcome.RetryLater)
                throw new InvalidOperationException($"summary of alert {alertId} not accepted yet ({result.Error}); Hangfire retries");
            if (result.Outcome != SendOutcome.Sent)
                log.LogWarning("Summary of alert {AlertId} to its author not sent: {Error}", alertId, result.Error);
        }
        await AlertStore.MarkNotifiedAsync(conn, tx, alertId, ct);
        await tx.CommitAsync(ct);
    }

    internal static string Text(long alertId, Row r)
    {
        var outcome = r.Status == "aborted" ? "aborted" : "sent";
        // "Delivered 0" read as failure: most sends never get a receipt (Telegram, simulated numbers, many carriers).
        return $"{(r.Drill ? "DRILL - " : "")}Broadcaster: alert #{alertId} {outcome}. Reached {r.CountSent + r.CountDelivered} " +
               $"({r.CountDelivered} with a delivery receipt; not every carrier sends one), failed {r.CountFailed}, skipped {r.CountSkipped}.";
    }

    internal sealed record Row(string Status, int CountSent, int CountDelivered, int CountFailed, int CountSkipped, long AuthorId = 0, bool Drill = false);
}
