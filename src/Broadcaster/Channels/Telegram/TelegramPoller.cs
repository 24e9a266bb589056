using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Telegram.Bot;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// Long polling (Telegram:UpdateMode = Polling), in processes that run workers. Telegram allows one
/// getUpdates consumer per bot (a second gets 409 Conflict), so the poller first takes a PostgreSQL
/// advisory lock keyed by the bot id: across every process on this database one polls, the others wait
/// and take over when it stops. The lock lives on a connection held open while polling.
/// </summary>
public sealed class TelegramPoller(
    IOptions<TelegramOptions> options, NpgsqlDataSource db, TelegramUpdates updates, ILogger<TelegramPoller> log) : BackgroundService
{
    /// <summary>How long Telegram may hold one getUpdates call open when there is nothing new.</summary>
    public const int LongPollSeconds = 25;

    private static readonly TimeSpan LockRetry = TimeSpan.FromSeconds(5);

    /// <summary>The advisory lock key: "tg" in the high bytes, the bot id below.</summary>
    public static long LockKey(long botId) => 0x7467_0000_0000_0000L | (botId & 0x0000_FFFF_FFFF_FFFFL);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var o = options.Value;
        var key = LockKey(TelegramBot.Id(o));
        var bot = TelegramBot.Create(o, TimeSpan.FromSeconds(LongPollSeconds) + TelegramBot.RequestTimeout);
        for (var failures = 0; !stop.IsCancellationRequested;)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stop);
                if (!await conn.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key }))
                {
                    await Task.Delay(LockRetry, stop);
                    continue;
                }
                try
                {
                    log.LogInformation("Polling Telegram for updates");
                    await PollAsync(bot, conn, stop, () => failures = 0);
                }
                finally
                {
                    if (conn.State == System.Data.ConnectionState.Open)
                        await conn.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key });
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                failures++;
                log.LogWarning("Telegram polling failed ({Failures} in a row): {Error}", failures, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), stop);
            }
        }
    }

    private async Task PollAsync(ITelegramBotClient bot, NpgsqlConnection lockConnection, CancellationToken stop, Action succeeded)
    {
        // A webhook left over from Webhook mode would make every getUpdates fail with 409.
        await bot.DeleteWebhook(cancellationToken: stop);
        int? offset = null;
        while (!stop.IsCancellationRequested)
        {
            // The lock is only as good as its connection: if the database dropped it, stop polling.
            await lockConnection.ExecuteAsync("SELECT 1");
            var batch = await bot.GetUpdates(offset, limit: 100, timeout: LongPollSeconds, allowedUpdates: TelegramWebhook.AllowedUpdates, cancellationToken: stop);
            succeeded();
            foreach (var update in batch)
            {
                await updates.HandleAsync(update, stop);
                // The next call's offset confirms everything below it, so Telegram forgets handled updates.
                offset = update.Id + 1;
            }
        }
    }
}
