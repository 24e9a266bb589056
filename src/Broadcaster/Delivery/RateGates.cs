using System.Collections.Concurrent;
using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>One <see cref="RateGate"/> per channel in this process, shared by all its dispatchers.</summary>
public sealed class RateGates(RateBucket bucket, TimeProvider time, IOptions<TwilioOptions> twilio, IOptions<TelegramOptions> telegram)
{
    private readonly ConcurrentDictionary<string, RateGate> _gates = new();

    public RateGate For(string channel) => _gates.GetOrAdd(channel, c => new RateGate(c, RateOf(c), bucket, time));

    private double RateOf(string channel) => channel switch
    {
        ChannelName.Sms => twilio.Value.MessagesPerSecond,
        ChannelName.Telegram => telegram.Value.MessagesPerSecond,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };
}
