using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// Outbound Telegram: sendMessage through the Telegram.Bot SDK, classified for the delivery code.
/// The address is the chat id in decimal (for a private chat it equals the user id).
/// </summary>
public sealed class TelegramChannel(ITelegramBotClient bot, ILogger<TelegramChannel> log, IOptions<TelegramOptions>? options = null) : IMessageChannel
{
    // Only alerts (this interface's sends) are paid broadcasts; replies in a conversation stay free.
    private readonly bool _paid = options?.Value.PaidBroadcast ?? false;

    public string Name => ChannelName.Telegram;

    public Task<SendResult> SendAsync(string address, string text, CancellationToken ct) =>
        TryParseChatId(address, out var chatId)
            ? SendAsync(chatId, text, null, ct, _paid)
            : Task.FromResult(new SendResult(SendOutcome.Failed, Error: "not a Telegram chat id"));

    /// <summary>A chat id as stored: decimal, negative for groups and channels, never a '+' phone number.</summary>
    public static bool TryParseChatId(string address, out long chatId)
    {
        chatId = 0;
        return address.Length > 0 && (address[0] == '-' || char.IsAsciiDigit(address[0]))
            && long.TryParse(address, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out chatId);
    }

    /// <summary>Sends one message, with buttons when <paramref name="markup"/> is given.</summary>
    public Task<SendResult> SendAsync(long chatId, string text, ReplyMarkup? markup, CancellationToken ct) => SendAsync(chatId, text, markup, ct, paid: false);

    private async Task<SendResult> SendAsync(long chatId, string text, ReplyMarkup? markup, CancellationToken ct, bool paid)
    {
        try
        {
            var message = await bot.SendMessage(chatId, text, replyMarkup: markup, allowPaidBroadcast: paid, cancellationToken: ct);
            return SendResult.Sent(message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is RequestException && !ct.IsCancellationRequested)
        {
            var result = Classify(e);
            log.LogInformation("Telegram sendMessage to {Chat}: {Outcome} ({Error})", Mask.Address(chatId.ToString()), result.Outcome, result.Error);
            return result;
        }
    }

    /// <summary>
    /// Maps the SDK's errors. With RetryThreshold = 0 the SDK never sleeps on 429 itself; an error answer
    /// becomes ApiRequestException (Bot API error_code, parameters.retry_after), anything else
    /// (timeout, connection failure, a non-JSON 5xx from a proxy) a plain RequestException.
    /// See https://core.telegram.org/bots/api#making-requests and #responseparameters.
    /// </summary>
    public static SendResult Classify(Exception e) => e switch
    {
        ApiRequestException { ErrorCode: 429 } api => new(SendOutcome.RetryLater, Error: Describe(api),
            RetryAfter: api.Parameters?.RetryAfter is int s ? TimeSpan.FromSeconds(s) : null),
        ApiRequestException { ErrorCode: >= 500 } api => new(SendOutcome.RetryLater, Error: Describe(api)),
        // 403: "bot was blocked by the user", "user is deactivated", "bot was kicked from the group chat".
        ApiRequestException { ErrorCode: 403 } api => new(SendOutcome.RecipientGone, Error: Describe(api)),
        ApiRequestException api => new(SendOutcome.Failed, Error: Describe(api)),
        // The SDK got a 200 it could not read: the message may have gone out, so never resend it.
        RequestException { HttpStatusCode: System.Net.HttpStatusCode.OK } r => new(SendOutcome.Failed, Error: r.Message),
        RequestException { HttpStatusCode: { } status } r when (int)status is >= 400 and < 500 and not 429 =>
            new(SendOutcome.Failed, Error: $"HTTP {(int)status}: {r.Message}"),
        RequestException { HttpStatusCode: { } status } r => new(SendOutcome.RetryLater, Error: $"HTTP {(int)status}: {r.Message}"),
        RequestException r => new(SendOutcome.RetryLater, Error: r.Message), // timeout or network failure
        _ => new(SendOutcome.RetryLater, Error: e.GetType().Name),
    };

    // Bot API descriptions name the condition ("Forbidden: bot was blocked by the user"), never the recipient.
    private static string Describe(ApiRequestException e) => $"{e.ErrorCode}: {e.Message}";
}
