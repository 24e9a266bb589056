using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Telegram.Bot.Types;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// The one door for updates, from the webhook or the poller: each update_id is handled once. Its row is
/// written before the work, so a redelivery (late webhook answer, poller restarted before confirming its
/// offset) is dropped; an update whose handling fails is not tried again (replies are not worth a loop).
/// </summary>
public sealed class TelegramUpdates(
    NpgsqlDataSource db, TelegramUpdateHandler handler, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramUpdates> log)
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);
    private readonly long _botId = TelegramBot.Id(options.Value);

    private const string Claim = """
        INSERT INTO telegram_updates (bot_id, update_id, received_at) VALUES (@botId, @updateId, @now)
        ON CONFLICT DO NOTHING
        """;

    private const string Prune = "DELETE FROM telegram_updates WHERE received_at < @cutoff";

    /// <summary>Handles the update unless it was seen before; returns whether it was new.</summary>
    public async Task<bool> HandleAsync(Update update, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            if (await conn.ExecuteAsync(Claim, new { botId = _botId, updateId = (long)update.Id, now }) == 0)
            {
                log.LogInformation("Telegram update {UpdateId} seen before; skipped", update.Id);
                return false;
            }
            if (update.Id % 500 == 0)
                await conn.ExecuteAsync(Prune, new { cutoff = now - Keep });
        }
        try
        {
            await handler.HandleAsync(update, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Never the update's text or chat id: the exception type and message are about our code.
            log.LogError(e, "Telegram update {UpdateId} failed", update.Id);
        }
        return true;
    }
}
