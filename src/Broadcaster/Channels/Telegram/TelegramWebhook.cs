using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Broadcaster.Channels.Telegram;

/// <summary>POST /webhooks/telegram: Telegram pushes updates here when Telegram:UpdateMode is Webhook.</summary>
public static class TelegramWebhook
{
    public const string Path = "/webhooks/telegram";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Only what the bot acts on; Telegram then never sends the rest.</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    public static IResult Forbidden() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Missing or wrong {SecretHeader}.");

    public static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<TelegramOptions> options, TelegramUpdates updates, IHostApplicationLifetime lifetime)
    {
        if (!SecretMatches(request.Headers[SecretHeader].ToString(), options.Value.WebhookSecret))
            return Forbidden();
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            update = null;
        }
        if (update is not { Id: > 0 })
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a Telegram update.");
        // Handled before answering (a few queries and at most a couple of sendMessage calls), and not
        // cancelled when Telegram hangs up: its update row is already written, so it would not come back.
        await updates.HandleAsync(update, lifetime.ApplicationStopping);
        return Results.Ok();
    }

    private static bool SecretMatches(string given, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}

/// <summary>In Webhook mode with Telegram:PublicUrl set, tells Telegram where to push updates and with which secret.</summary>
public sealed class TelegramWebhookRegistration(ITelegramBotClient bot, IOptions<TelegramOptions> options, ILogger<TelegramWebhookRegistration> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var o = options.Value;
        var url = o.PublicUrl!.TrimEnd('/') + TelegramWebhook.Path;
        for (var attempt = 1; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                await bot.SetWebhook(url, allowedUpdates: TelegramWebhook.AllowedUpdates, secretToken: o.WebhookSecret, cancellationToken: stop);
                log.LogInformation("Telegram webhook set to {Url}", url);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogWarning("Could not set the Telegram webhook (attempt {Attempt}): {Error}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 2 * attempt)), stop);
            }
        }
    }
}
