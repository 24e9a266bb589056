using Broadcaster.Channels;
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
    // Twilio's messages-per-second limit counts segments, not messages: a 3-part SMS costs three.
    // https://support.twilio.com/hc/en-us/articles/115002943027-Understanding-Twilio-Rate-Limits-and-Message-Queues
    // A network with its own sender sends at that sender's rate, side by side with every other sender.
    public DeliveryEstimate Estimate(Alert alert, Network network, IReadOnlyList<RecipientGroup> groups)
    {
        var sms = groups.Where(g => g.Channel == ChannelName.Sms).ToList();
        var smsSegments = sms.Sum(g => g.Count * SmsSegments.Count(
            AlertText.Render(alert, network.Name, g.Language, fallback: network.FallbackLanguage)).Segments);
        var rate = network.HasOwnSender ? network.SmsRate ?? twilio.Value.MessagesPerSecond : twilio.Value.MessagesPerSecond;
        var telegramMessages = groups.Where(g => g.Channel == ChannelName.Telegram).Sum(g => g.Count);
        return new DeliveryEstimate(
            sms.Sum(g => g.Count),
            smsSegments,
            telegramMessages,
            (int)Math.Ceiling(smsSegments / rate),
            (int)Math.Ceiling(telegramMessages / telegram.Value.MessagesPerSecond));
    }
}
