using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

public enum TelegramUpdateMode { Polling, Webhook }

public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public string? BotToken { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    public string? WebhookSecret { get; set; }
    public TelegramUpdateMode UpdateMode { get; set; } = TelegramUpdateMode.Polling;
    public string? PublicUrl { get; set; }
    public double MessagesPerSecond { get; set; } = 25;

    /// <summary>
    /// Alerts go out with allow_paid_broadcast: the bot may send up to 1000 messages/s, and every message above the
    /// free 30/s costs Telegram Stars (https://core.telegram.org/bots/api#sendmessage, https://core.telegram.org/bots/faq).
    /// </summary>
    public bool PaidBroadcast { get; set; }

    /// <summary>Telegram's free broadcast limit (about 30 messages per second).</summary>
    public const double FreeRate = 30;

    /// <summary>The most a bot may send with paid broadcasts.</summary>
    public const double PaidRate = 1000;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        if (!OptionRules.IsHttpUrl(o.ApiBaseUrl))
            return ValidateOptionsResult.Fail("Telegram:ApiBaseUrl must be an absolute http(s) URL");
        if (!string.IsNullOrWhiteSpace(o.PublicUrl) && !OptionRules.IsHttpUrl(o.PublicUrl))
            return ValidateOptionsResult.Fail("Telegram:PublicUrl must be an absolute http(s) URL");
        if (o.MessagesPerSecond <= 0)
            return ValidateOptionsResult.Fail("Telegram:MessagesPerSecond must be greater than 0");
        if (o.MessagesPerSecond > TelegramOptions.PaidRate)
            return ValidateOptionsResult.Fail($"Telegram:MessagesPerSecond must be at most {TelegramOptions.PaidRate} (the Bot API's limit for paid broadcasts)");
        if (o.MessagesPerSecond > TelegramOptions.FreeRate && !o.PaidBroadcast)
            return ValidateOptionsResult.Fail($"Telegram:MessagesPerSecond above {TelegramOptions.FreeRate} requires Telegram:PaidBroadcast=true (messages above the free rate cost Telegram Stars)");
        if (!o.Enabled)
            return ValidateOptionsResult.Success;
        if (o.UpdateMode == TelegramUpdateMode.Webhook && string.IsNullOrWhiteSpace(o.WebhookSecret))
            return ValidateOptionsResult.Fail("Telegram:WebhookSecret is required when Telegram:UpdateMode is Webhook");
        // Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and - in the secret token.
        if (!string.IsNullOrEmpty(o.WebhookSecret) && !System.Text.RegularExpressions.Regex.IsMatch(o.WebhookSecret, "^[A-Za-z0-9_-]{1,256}$"))
            return ValidateOptionsResult.Fail("Telegram:WebhookSecret may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters)");
        if (!string.IsNullOrEmpty(o.WebhookSecret) && o.WebhookSecret.Length < MinSecretLength)
            return ValidateOptionsResult.Fail($"Telegram:WebhookSecret must be at least {MinSecretLength} characters (e.g. `openssl rand -hex 24`)");
        if (o.WebhookSecret == ExampleSecret)
            return ValidateOptionsResult.Fail("Telegram:WebhookSecret is the example value from appsettings.example.json: set your own random secret");
        return ValidateOptionsResult.Success;
    }

    // The secret is all that proves an update came from Telegram (and so whose user id it carries).
    public const int MinSecretLength = 32;
    public const string ExampleSecret = "replace-with-a-long-random-secret-of-32-or-more-chars";
}
