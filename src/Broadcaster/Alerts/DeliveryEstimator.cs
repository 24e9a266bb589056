using Broadcaster.Channels;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Alerts;

/// <summary>How long the fan-out would take at the configured rates; both channels send side by side.</summary>
public sealed record DeliveryEstimate(int SmsMessages, int SmsSegments, int TelegramMessages, int SmsSeconds, int TelegramSeconds)
{
    public int Seconds => Math.Max(SmsSeconds, TelegramSeconds);
}

public sealed class DeliveryEstimator(IOptions<TwilioOptions> twilio, IOptions<TelegramOptions> telegram)
{
    // The fan-out's own figures: tokens per message (segments for SMS) and the rate its gate really spaces slots at;
    // a network with its own sender sends at that sender's rate, side by side with every other sender.
    public DeliveryEstimate Estimate(Alert alert, Network network, IReadOnlyList<RecipientGroup> groups)
    {
        var sms = groups.Where(g => g.Channel == ChannelName.Sms).ToList();
        var smsSegments = sms.Sum(g => g.Count * MessageCost.Tokens(ChannelName.Sms,
            AlertText.Render(alert, network.Name, g.Language, fallback: network.FallbackLanguage)));
        var telegramMessages = groups.Where(g => g.Channel == ChannelName.Telegram).Sum(g => g.Count);
        return new DeliveryEstimate(
            sms.Sum(g => g.Count),
            smsSegments,
            telegramMessages,
            SmsSeconds(smsSegments, network),
            Seconds(telegramMessages, telegram.Value.MessagesPerSecond));
    }

    /// <summary>How long <paramref name="segments"/> take at the network's sender's rate.</summary>
    public int SmsSeconds(int segments, Network network) =>
        Seconds(segments, network.HasOwnSender ? network.SmsRate ?? twilio.Value.MessagesPerSecond : twilio.Value.MessagesPerSecond);

    private static int Seconds(int tokens, double rate) =>
        rate >= RateGate.Unlimited ? 0 : (int)Math.Ceiling(tokens / (rate * RateGate.Headroom));
}
