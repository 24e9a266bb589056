using Broadcaster.Infrastructure;
using Telegram.Bot;

namespace Broadcaster.Channels.Telegram;

/// <summary>Builds Bot API clients the one way we use them: our base URL, our timeout, no sleeping inside the SDK.</summary>
public static class TelegramBot
{
    /// <summary>Ordinary calls (sendMessage, answerCallbackQuery, setWebhook) give up after this long.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    public static ITelegramBotClient Create(TelegramOptions options, TimeSpan timeout)
    {
        // RetryThreshold = 0: a 429 comes back to us as an error (with retry_after) instead of the SDK
        // sleeping, so the delivery code can pause the whole channel under its shared rate.
        var clientOptions = new TelegramBotClientOptions(options.BotToken!, options.ApiBaseUrl) { RetryThreshold = 0 };
        // A plain HttpClient, not IHttpClientFactory: the factory's handlers log request URLs, and Bot API
        // URLs carry the token.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };
        return new TelegramBotClient(clientOptions, http);
    }

    /// <summary>The bot's numeric id: the part of the token before ':' (checked by the options validator).</summary>
    public static long Id(TelegramOptions options) => new TelegramBotClientOptions(options.BotToken!).BotId;
}
