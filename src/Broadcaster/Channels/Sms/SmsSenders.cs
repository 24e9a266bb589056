using Broadcaster.Networks;

namespace Broadcaster.Channels.Sms;

/// <summary>An SMS channel that can send from another sender than the default one (a network's own number or Messaging Service).</summary>
public interface ISmsChannel : IMessageChannel
{
    /// <summary>The same channel sending from <paramref name="from"/> or <paramref name="service"/>; both null: the default sender.</summary>
    IMessageChannel Via(string? from, string? service);
}

public static class SmsSenders
{
    /// <summary>
    /// The channel as <paramref name="network"/> sends on it: its own SMS sender when it has one, else unchanged
    /// (the default sender, or a non-SMS channel).
    /// </summary>
    public static IMessageChannel For(this IMessageChannel channel, Network? network) =>
        network is { HasOwnSender: true } && channel is ISmsChannel sms ? sms.Via(network.SmsFrom, network.SmsService) : channel;
}
