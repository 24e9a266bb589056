using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>
/// What sends an alert's messages on one channel: <see cref="Key"/> names its shared token bucket ("sms" = the
/// default SMS sender, "telegram" = the bot; a network's own SMS sender is "sms:&lt;network id&gt;"),
/// <see cref="Rate"/> is in tokens per second (<see cref="MessageCost"/>), <see cref="Channel"/> does the send.
/// </summary>
public sealed record Sender(string Key, double Rate, IMessageChannel Channel);

/// <summary>What one message costs in its sender's bucket: what the provider's rate counts.</summary>
public static class MessageCost
{
    // Twilio's messages-per-second limit counts segments: a 3-part SMS costs three; Telegram counts messages.
    // https://support.twilio.com/hc/en-us/articles/115002943027-Understanding-Twilio-Rate-Limits-and-Message-Queues
    public static int Tokens(string channel, string text) =>
        channel == ChannelName.Sms ? Math.Max(1, SmsSegments.Count(text).Segments) : 1;
}

/// <summary>
/// Which <see cref="Sender"/> an alert uses on a channel: its network's own SMS sender (its own bucket, at its own
/// rate, so one network's big broadcast never slows another's), else the default SMS sender (Twilio:From /
/// MessagingServiceSid at Twilio:MessagesPerSecond); on Telegram the one bot (Telegram:MessagesPerSecond).
/// </summary>
public sealed class Senders(ChannelRegistry channels, IOptions<TwilioOptions> twilio, IOptions<TelegramOptions> telegram)
{
    public const string DefaultSms = ChannelName.Sms;
    public const string Telegram = ChannelName.Telegram;

    /// <summary>Null when the channel is not configured in this process.</summary>
    public Sender? For(AlertContent alert, string channel) => channel switch
    {
        ChannelName.Sms when channels.Find(channel) is ISmsChannel sms && (alert.SmsFrom ?? alert.SmsService) is not null =>
            new Sender($"{DefaultSms}:{alert.NetworkId}", alert.SmsRate ?? twilio.Value.MessagesPerSecond, sms.Via(alert.SmsFrom, alert.SmsService)),
        ChannelName.Sms => channels.Find(channel) is { } sms ? new Sender(DefaultSms, twilio.Value.MessagesPerSecond, sms) : null,
        ChannelName.Telegram => channels.Find(channel) is { } bot ? new Sender(Telegram, telegram.Value.MessagesPerSecond, bot) : null,
        _ => null,
    };

    /// <summary>The sender of a network's own messages (coordinator notices) on a channel, with the same bucket as its alerts.</summary>
    public Sender? For(Network? network, string channel) =>
        channel == ChannelName.Sms && network is { HasOwnSender: true } && channels.Find(channel) is ISmsChannel sms
            ? new Sender($"{DefaultSms}:{network.Id}", network.SmsRate ?? twilio.Value.MessagesPerSecond, sms.Via(network.SmsFrom, network.SmsService))
            : For(new AlertContent(0, network?.Id ?? 0, "", null, "", new Dictionary<string, string>()), channel);
}
