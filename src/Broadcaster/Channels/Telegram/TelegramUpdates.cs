using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Telegram.Bot.Types;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// The one door for updates, from the webhook or the poller: each update_id is handled once. Its row is
/// claimed in a transaction that commits only after the work: a redelivery while it runs waits on the row
/// and is then dropped, and a process that dies mid-update rolls the claim back, so Telegram's redelivery
/// handles it (a `/stop` is never lost). An update whose handling throws is still marked handled and
/// logged: a poisoned update must not loop.
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
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteAsync(Claim, new { botId = _botId, updateId = (long)update.Id, now }, tx) == 0)
        {
            log.LogInformation("Telegram update {UpdateId} seen before; skipped", update.Id);
            return false;
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
        // Cancelled (shutting down) before the work finished: the claim rolls back with the transaction.
        await tx.CommitAsync(CancellationToken.None);
        if (update.Id % 500 == 0)
            await conn.ExecuteAsync(Prune, new { cutoff = now - Keep });
        return true;
    }
}
