using Broadcaster.Channels;
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
    // Twilio's messages-per-second limit counts segments, not messages: a 3-part SMS costs three.
    // https://support.twilio.com/hc/en-us/articles/115002943027-Understanding-Twilio-Rate-Limits-and-Message-Queues
    public DeliveryEstimate Estimate(Alert alert, string networkName, IReadOnlyList<RecipientGroup> groups)
    {
        var sms = groups.Where(g => g.Channel == ChannelName.Sms).ToList();
        var smsSegments = sms.Sum(g => g.Count * SmsSegments.Count(AlertText.Render(alert, networkName, g.Language)).Segments);
        var telegramMessages = groups.Where(g => g.Channel == ChannelName.Telegram).Sum(g => g.Count);
        return new DeliveryEstimate(
            sms.Sum(g => g.Count),
            smsSegments,
            telegramMessages,
            (int)Math.Ceiling(smsSegments / twilio.Value.MessagesPerSecond),
            (int)Math.Ceiling(telegramMessages / telegram.Value.MessagesPerSecond));
    }
}
