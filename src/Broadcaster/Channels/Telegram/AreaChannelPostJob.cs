using System.Text.Json;
using Broadcaster.Alerts;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Dapper;
using Hangfire;
using Npgsql;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// Posts a verified alert to the Telegram channel of each area it reaches that has one (its areas and those sharing a
/// ZIP code with them), once per channel (areas sharing a channel get one post). Each post is claimed by a row before the send, so a second
/// run, or a retry after a partial failure, posts only what is missing. A post is a message of the bot like any
/// other: charged to its rate bucket (<see cref="ReplyLane"/>), so the bot's fan-out makes room for it.
/// </summary>
public sealed class AreaChannelPostJob(NpgsqlDataSource db, ChannelRegistry channels, ReplyLane lane, TimeProvider time, ILogger<AreaChannelPostJob> log)
{
    private const string SelectAlert = """
        SELECT a.kind, a.reply_to, a.texts::text AS texts, n.name AS network
        FROM alerts a JOIN networks n ON n.id = a.network_id
        WHERE a.id = @alertId AND a.status IN ('verified', 'sending', 'sent') AND NOT a.drill
        """;

    // A channel's members are like subscribers at home in its area, so the channels are chosen by the subscribers' rule
    // (Recipients.Homes): an alert to Long Beach is posted in the network's Los Angeles County channel too, and a county
    // alert in its cities' channels, never in another city's.
    private const string SelectChannels = $"""
        SELECT DISTINCT h.telegram_channel_chat_id
        FROM areas h
        WHERE h.id IN ({Delivery.Recipients.Homes}) AND h.telegram_channel_chat_id IS NOT NULL AND h.removed_at IS NULL
        """;

    private const string Claim = """
        INSERT INTO telegram_channel_posts (alert_id, chat_id, posted_at) VALUES (@alertId, @chatId, @now)
        ON CONFLICT DO NOTHING
        """;

    private const string Posted = "UPDATE telegram_channel_posts SET message_id = @messageId WHERE alert_id = @alertId AND chat_id = @chatId";
    private const string Unclaim = "DELETE FROM telegram_channel_posts WHERE alert_id = @alertId AND chat_id = @chatId";

    [Queue(Queues.Broadcast)]
    public async Task PostToAreaChannelsAsync(long alertId)
    {
        if (channels.Find(ChannelName.Telegram) is not { } telegram)
            return;
        await using var conn = await db.OpenConnectionAsync();
        var alert = await conn.QuerySingleOrDefaultAsync<(string Kind, long? ReplyTo, string Texts, string Network)?>(SelectAlert, new { alertId });
        if (alert is not { } a)
            return; // a draft, aborted or unknown alert is never posted
        var text = Compose(alertId, a.Kind, a.ReplyTo, a.Network, JsonSerializer.Deserialize<Dictionary<string, string>>(a.Texts)!);
        var retry = new List<long>();
        foreach (var chatId in await conn.QueryAsync<long>(SelectChannels, new { alertId }))
        {
            if (await conn.ExecuteAsync(Claim, new { alertId, chatId, now = time.GetUtcNow() }) == 0)
                continue;
            await lane.ChargeAsync(null, ChannelName.Telegram, text, CancellationToken.None);
            var result = await telegram.SendAsync(TelegramUpdateHandler.Address(chatId), text, CancellationToken.None);
            await lane.AnsweredAsync(null, ChannelName.Telegram, result);
            switch (result.Outcome)
            {
                case SendOutcome.Sent:
                    await conn.ExecuteAsync(Posted, new { alertId, chatId, messageId = long.Parse(result.ProviderId!) });
                    break;
                case SendOutcome.RetryLater:
                    await conn.ExecuteAsync(Unclaim, new { alertId, chatId });
                    retry.Add(chatId);
                    break;
                default:
                    // Not a member, not an admin, channel gone: an operator must fix the setting; retrying won't.
                    log.LogWarning("Alert {AlertId} could not be posted to Telegram channel {Chat}: {Error}", alertId, Mask.Address(chatId.ToString()), result.Error);
                    break;
            }
        }
        if (retry.Count > 0)
            throw new InvalidOperationException($"alert {alertId}: {retry.Count} Telegram channel post(s) to retry later");
    }

    /// <summary>
    /// One post for a mixed audience: the alert as subscribers get it (<see cref="AlertText"/>), in English and
    /// then Spanish, without the "/stop to leave" line: channel members leave the channel, not the bot.
    /// </summary>
    internal static string Compose(long alertId, string kind, long? replyTo, string network, IReadOnlyDictionary<string, string> texts)
    {
        var blocks = Language.Supported.Where(texts.ContainsKey).Select(language =>
        {
            var rendered = AlertText.Render(kind, alertId, replyTo, network, language, texts[language], ChannelName.Telegram);
            return rendered[..rendered.LastIndexOf('\n')]; // Render always ends with "\n" + the leave line
        });
        return string.Join("\n\n", blocks);
    }
}
