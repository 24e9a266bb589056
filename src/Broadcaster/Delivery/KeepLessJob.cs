using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Keeps less about people, every minute: a stopped (or recipient-gone) subscriber's delivery rows are
/// deleted a few minutes after their last change (so the dispatchers' own bookkeeping finishes first), their
/// outcomes folded into their alerts' counts, so no count goes down. A final
/// receipt clears a delivery's provider id (a Twilio SID, which Twilio can map back to the number) at once;
/// here go the ids of messages that never reported a final status, 24 h after the send, and those messages
/// are deleted at Twilio too (<see cref="SmsErasures"/>).
/// </summary>
public sealed class KeepLessJob(NpgsqlDataSource db, DeliveryLedger ledger, SmsErasures erasures, TimeProvider clock, ILogger<KeepLessJob> log)
{
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ProviderIdAtMost = TimeSpan.FromHours(24);
    private const int Batch = 5_000;

    // Final rows still holding an id are those whose status came without a receipt (or before receipts cleared it).
    private const string ClearProviderIds = """
        WITH old AS (
            SELECT alert_id, subscriber_id, provider_id FROM deliveries
            WHERE provider_id IS NOT NULL
              AND ((status IN ('delivered', 'failed', 'skipped') AND updated_at < @settled) OR updated_at < @oldest)
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        UPDATE deliveries d SET provider_id = NULL
        FROM old WHERE d.alert_id = old.alert_id AND d.subscriber_id = old.subscriber_id
        RETURNING old.provider_id
        """;

    [Queue(Queues.Default)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new { settled = now - Settle, oldest = now - ProviderIdAtMost, batch = Batch };
        var (deleted, cleared) = (0, 0);
        await using var conn = await db.OpenConnectionAsync(ct);
        for (int n; (n = await ledger.FoldStoppedAsync(args.settled, Batch, ct)) > 0;)
            deleted += n;
        while (true)
        {
            // The ids leave the deliveries and enter the erasure queue in one transaction: none is lost between.
            await using var tx = await conn.BeginTransactionAsync(ct);
            var sids = (await conn.QueryAsync<string>(new CommandDefinition(ClearProviderIds, args, tx, cancellationToken: ct))).ToList();
            await erasures.FinalAsync(sids, conn, tx, ct);
            await tx.CommitAsync(ct);
            if (sids.Count == 0)
                break;
            cleared += sids.Count;
        }
        if (cleared > 0)
            erasures.Kick(TimeSpan.Zero);
        if (deleted + cleared > 0)
            log.LogInformation("Kept less: {Deleted} delivery row(s) of stopped subscribers deleted, {Cleared} provider id(s) cleared", deleted, cleared);
    }
}

public static class KeepLessSetup
{
    public static WebApplicationBuilder AddKeepLess(this WebApplicationBuilder builder)
    {
        builder.Services.AddTransient<KeepLessJob>();
        builder.Services.AddRecurringJob<KeepLessJob>("delivery-keep-less", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        return builder;
    }
}
