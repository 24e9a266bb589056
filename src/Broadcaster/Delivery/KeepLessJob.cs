using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Keeps less about people, every minute: a stopped (or recipient-gone) subscriber's delivery rows are
/// deleted (their outcomes folded into their alerts' counts, so no count goes down), and a delivery's provider id (a Twilio SID, which Twilio can map back to the number) is cleared
/// once its status is final, and after 24 h whatever its status. Both wait a few minutes after the row's
/// last change, so a receipt in flight (a 21610 "unsubscribed" still needs the SID to find its subscriber)
/// and the dispatchers' own bookkeeping finish first.
/// </summary>
public sealed class KeepLessJob(NpgsqlDataSource db, DeliveryLedger ledger, TimeProvider clock, ILogger<KeepLessJob> log)
{
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ProviderIdAtMost = TimeSpan.FromHours(24);
    private const int Batch = 5_000;

    private const string ClearProviderIds = """
        UPDATE deliveries SET provider_id = NULL
        WHERE (alert_id, subscriber_id) IN (
            SELECT alert_id, subscriber_id FROM deliveries
            WHERE provider_id IS NOT NULL
              AND ((status IN ('delivered', 'failed', 'skipped') AND updated_at < @settled) OR updated_at < @oldest)
            LIMIT @batch)
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
        for (int n; (n = await conn.ExecuteAsync(new CommandDefinition(ClearProviderIds, args, cancellationToken: ct))) > 0;)
            cleared += n;
        if (deleted + cleared > 0)
            log.LogInformation("Kept less: {Deleted} delivery row(s) of stopped subscribers deleted, {Cleared} provider id(s) cleared", deleted, cleared);
    }
}

public static class KeepLessSetup
{
    public static WebApplicationBuilder AddKeepLess(this WebApplicationBuilder builder)
    {
        builder.Services.AddTransient<KeepLessJob>();
        builder.Services.AddHostedService<KeepLessSchedule>();
        return builder;
    }

    private sealed class KeepLessSchedule(IRecurringJobManager recurring, IOptions<BroadcasterOptions> app) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            if (app.Value.RunsWorkers)
                recurring.AddOrUpdate<KeepLessJob>("delivery-keep-less", Queues.Default, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
