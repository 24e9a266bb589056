using Broadcaster.Channels;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Alerts;

/// <summary>How long the fan-out would take at the configured rates; both channels send side by side.</summary>
public sealed record DeliveryEstimate(int SmsMessages, int SmsSegments, int TelegramMessages, int SmsSeconds, int TelegramSeconds)
{
    public int Seconds => Math.Max(SmsSeconds, TelegramSeconds);
}

public sealed class DeliveryEstimator(IOptions<TwilioOptions> twilio, IOptions<TelegramOptions> telegram)
{
    // The fan-out's own figures: tokens per message (segments for SMS) and the rate its gate really spaces slots at.
    public DeliveryEstimate Estimate(Alert alert, string networkName, IReadOnlyList<RecipientGroup> groups)
    {
        var sms = groups.Where(g => g.Channel == ChannelName.Sms).ToList();
        var smsSegments = sms.Sum(g => g.Count * MessageCost.Tokens(ChannelName.Sms, AlertText.Render(alert, networkName, g.Language)));
        var telegramMessages = groups.Where(g => g.Channel == ChannelName.Telegram).Sum(g => g.Count);
        return new DeliveryEstimate(
            sms.Sum(g => g.Count),
            smsSegments,
            telegramMessages,
            Seconds(smsSegments, twilio.Value.MessagesPerSecond),
            Seconds(telegramMessages, telegram.Value.MessagesPerSecond));
    }

    private static int Seconds(int tokens, double rate) =>
        rate >= RateGate.Unlimited ? 0 : (int)Math.Ceiling(tokens / (rate * RateGate.Headroom));
}
