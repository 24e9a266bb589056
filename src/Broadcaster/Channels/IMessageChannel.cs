namespace Broadcaster.Channels;

/// <summary>The two ways a message reaches a person. Stored as text: "sms", "telegram".</summary>
public static class ChannelName
{
    public const string Sms = "sms";
    public const string Telegram = "telegram";
}

public enum SendOutcome
{
    /// <summary>Handed to the provider; <see cref="SendResult.ProviderId"/> identifies it.</summary>
    Sent,
    /// <summary>Rate limited, provider error or timeout: try again later (after <see cref="SendResult.RetryAfter"/> when given).</summary>
    RetryLater,
    /// <summary>Will never succeed for this recipient and message (invalid number, other 4xx).</summary>
    Failed,
    /// <summary>The recipient has opted out at the provider or blocked the bot: stop them.</summary>
    RecipientGone,
}

public sealed record SendResult(SendOutcome Outcome, string? ProviderId = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Sent(string providerId) => new(SendOutcome.Sent, providerId);
}

/// <summary>
/// One outbound channel. It classifies the provider's answer; the delivery code decides what to do with it.
/// Addresses are plaintext only here, in memory, on their way to the provider.
/// </summary>
public interface IMessageChannel
{
    string Name { get; }

    Task<SendResult> SendAsync(string address, string text, CancellationToken ct);
}
