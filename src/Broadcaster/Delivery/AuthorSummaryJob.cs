using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>Tells an alert's author how the broadcast went: by SMS (from the network's sender) when they have a phone, else on Telegram.</summary>
public sealed class AuthorSummaryJob(NpgsqlDataSource db, AddressProtector protector, ChannelRegistry channels, ILogger<AuthorSummaryJob> log)
{
    // The row lock is held while sending, and notified_at is set in the same transaction: a rerun
    // (Hangfire retry, second enqueue) finds the summary sent and does nothing.
    private const string SelectForNotice = """
        SELECT a.status, a.count_sent, a.count_delivered, a.count_failed, a.count_skipped,
               c.phone_cipher, c.phone_key_id, c.telegram_user_id, a.drill, n.sms_from, n.sms_service
        FROM alerts a JOIN coordinators c ON c.id = a.author_id JOIN networks n ON n.id = a.network_id
        WHERE a.id = @alertId AND a.completed_at IS NOT NULL AND a.notified_at IS NULL
        FOR UPDATE OF a
        """;

    private const string MarkNotified = "UPDATE alerts SET notified_at = now() WHERE id = @alertId";

    [Queue(Queues.Critical)]
    public async Task SendAsync(long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectForNotice, new { alertId }, tx, cancellationToken: ct));
        if (row is null)
            return;
        var (channel, address) = row.PhoneCipher is not null
            ? (channels.Find(ChannelName.Sms) is ISmsChannel sms ? sms.Via(row.SmsFrom, row.SmsService) : channels.Find(ChannelName.Sms),
                protector.Reveal(row.PhoneCipher, row.PhoneKeyId!.Value))
            : row.TelegramUserId is { } userId ? (channels.Find(ChannelName.Telegram), userId.ToString()) : (null, null);
        if (channel is not null && address is not null)
        {
            var result = await channel.SendAsync(address, Text(alertId, row), ct);
            if (result.Outcome == SendOutcome.RetryLater)
                throw new InvalidOperationException($"summary of alert {alertId} not accepted yet ({result.Error}); Hangfire retries");
            if (result.Outcome != SendOutcome.Sent)
                log.LogWarning("Summary of alert {AlertId} to its author failed on {Channel}: {Error}", alertId, channel.Name, result.Error);
        }
        else
        {
            log.LogWarning("Alert {AlertId}: its author has no address on a configured channel; no summary sent", alertId);
        }
        await conn.ExecuteAsync(new CommandDefinition(MarkNotified, new { alertId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    internal static string Text(long alertId, Row r)
    {
        var outcome = r.Status == "aborted" ? "aborted" : "sent";
        // "Delivered 0" read as failure: most sends never get a receipt (Telegram, simulated numbers, many carriers).
        return $"{(r.Drill ? "DRILL - " : "")}Broadcaster: alert #{alertId} {outcome}. Reached {r.CountSent + r.CountDelivered} " +
               $"({r.CountDelivered} with a delivery receipt; not every carrier sends one), failed {r.CountFailed}, skipped {r.CountSkipped}.";
    }

    internal sealed record Row(string Status, int CountSent, int CountDelivered, int CountFailed, int CountSkipped,
        byte[]? PhoneCipher, int? PhoneKeyId, long? TelegramUserId, bool Drill = false, string? SmsFrom = null, string? SmsService = null);
}
