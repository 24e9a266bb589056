using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? From { get; set; }
    public string? MessagingServiceSid { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";
    public string? PublicUrl { get; set; }
    public double MessagesPerSecond { get; set; } = 1;
    public bool ManagedOptOut { get; set; } = true;

    /// <summary>Delete each message at Twilio once it is final, so that Twilio's logs hold no numbers or bodies.</summary>
    public bool DeleteFinalMessages { get; set; } = true;

    /// <summary>Outside Development, printing SMS to the console instead of sending them must be asked for.</summary>
    public bool Outbox { get; set; }

    /// <summary>Without credentials, SMS goes to the console outbox.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(AccountSid);
}

internal sealed class TwilioOptionsValidator(IHostEnvironment env) : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions o)
    {
        var hasSid = !string.IsNullOrWhiteSpace(o.AccountSid);
        var hasToken = !string.IsNullOrWhiteSpace(o.AuthToken);
        if (hasSid && !hasToken)
            return Fail("Twilio:AuthToken is required when Twilio:AccountSid is set");
        if (hasToken && !hasSid)
            return Fail("Twilio:AccountSid is required when Twilio:AuthToken is set");
        // The token is all that proves a webhook came from Twilio (X-Twilio-Signature): the published example proves nothing.
        if (o.AuthToken == ExampleAuthToken)
            return Fail("Twilio:AuthToken is the example value from appsettings.example.json: set your Twilio account's auth token");
        if (!OptionRules.IsHttpUrl(o.ApiBaseUrl))
            return Fail("Twilio:ApiBaseUrl must be an absolute http(s) URL");
        if (!string.IsNullOrWhiteSpace(o.PublicUrl) && !OptionRules.IsHttpUrl(o.PublicUrl))
            return Fail("Twilio:PublicUrl must be an absolute http(s) URL");
        if (o.MessagesPerSecond <= 0)
            return Fail("Twilio:MessagesPerSecond must be greater than 0");
        // Without credentials every SMS would be counted "sent" and its body printed: only on purpose.
        if (!hasSid)
            return env.IsDevelopment() || o.Outbox ? ValidateOptionsResult.Success
                : Fail("Twilio:AccountSid and Twilio:AuthToken are required outside Development (or set Twilio:Outbox=true to print SMS to the console instead of sending them)");

        var hasFrom = !string.IsNullOrWhiteSpace(o.From);
        var hasService = !string.IsNullOrWhiteSpace(o.MessagingServiceSid);
        if (!hasFrom && !hasService)
            return Fail("Twilio:From or Twilio:MessagingServiceSid is required when Twilio:AccountSid is set");
        if (hasFrom && hasService)
            return Fail("Twilio:From and Twilio:MessagingServiceSid are both set: set only one");
        if (string.IsNullOrWhiteSpace(o.PublicUrl))
            return Fail("Twilio:PublicUrl is required when Twilio:AccountSid is set (webhook signatures are checked against it)");
        return ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Fail(string message) => ValidateOptionsResult.Fail(message);

    public const string ExampleAuthToken = "your-twilio-auth-token";
}
