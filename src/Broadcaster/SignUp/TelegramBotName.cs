using Broadcaster.Channels.Telegram;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Broadcaster.SignUp;

/// <summary>The bot's username for deep links, asked of the Bot API once (getMe) and then kept; null while Telegram is off.</summary>
public sealed class TelegramBotName(IOptions<TelegramOptions> options, ILogger<TelegramBotName> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _username;

    public async Task<string?> GetAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
            return null;
        if (_username is not null)
            return _username;
        await _gate.WaitAsync(ct);
        try
        {
            if (_username is null)
            {
                var bot = TelegramBot.Create(options.Value, TelegramBot.RequestTimeout);
                _username = (await bot.GetMe(ct)).Username;
            }
            return _username;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Telegram.Bot.Exceptions.RequestException)
        {
            // Not kept: the next page view asks again.
            log.LogWarning("Telegram getMe failed, sign-up sheets show no QR code for now: {Error}", e.GetType().Name);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
