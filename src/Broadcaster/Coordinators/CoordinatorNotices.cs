using System.Globalization;
using Broadcaster.Channels;
using Broadcaster.Delivery;
using Broadcaster.Networks;
using Broadcaster.Privacy;

namespace Broadcaster.Coordinators;

/// <summary>
/// The one way to reach a coordinator: their registered phone, from their network's own SMS sender, or their
/// Telegram account, always charged to that sender's shared rate bucket. Sign-in codes, keys, draft and team
/// notices all go this way, so none of them can be sent from another network's number, be read by whoever
/// controls some other address, or take rate an alert needs unaccounted: like a reply (<see cref="ReplyLane"/>),
/// a notice goes at once and the sender's alerts make room after it.
/// </summary>
public sealed class CoordinatorNotices(
    CoordinatorStore coordinators, NetworkStore networks, Senders senders, ReplyLane lane, ILogger<CoordinatorNotices> log)
{
    /// <summary>What <see cref="SendAsync"/> answers when the coordinator has no address on a configured channel (or is revoked).</summary>
    public const string Unreachable = "unreachable";

    /// <summary>
    /// Sends <paramref name="text"/> to an active coordinator on <paramref name="channel"/> ("sms" or "telegram"), or,
    /// when null, to their phone if they registered one, else to their Telegram account. A provider's Retry-After
    /// pauses the sender for every process, as it does for alerts; the caller decides whether to retry.
    /// </summary>
    public async Task<SendResult> SendAsync(Coordinator coordinator, string text, string? channel = null, CancellationToken ct = default)
    {
        var contact = await coordinators.ContactAsync(coordinator.NetworkId, coordinator.Id);
        var network = await networks.FindAsync(coordinator.NetworkId);
        foreach (var (name, address) in Addresses(contact, channel))
        {
            if (senders.For(network, name) is not { } sender)
                continue;
            await lane.ChargeAsync(sender, MessageCost.Tokens(name, text), ct);
            var result = await sender.Channel.SendAsync(address, text, ct);
            await lane.AnsweredAsync(network, name, result);
            if (result.Outcome == SendOutcome.Sent)
                log.LogInformation("Notice to coordinator {CoordinatorId} by {Channel} ({Address})", coordinator.Id, name, Mask.Address(address));
            else
                log.LogWarning("Notice to coordinator {CoordinatorId} by {Channel} ({Address}) not sent: {Outcome} {Error}",
                    coordinator.Id, name, Mask.Address(address), result.Outcome, result.Error);
            return result;
        }
        log.LogWarning("Coordinator {CoordinatorId} cannot be reached{On}: no address on a configured channel, or revoked",
            coordinator.Id, channel is null ? "" : " by " + channel);
        return new SendResult(SendOutcome.Failed, Error: Unreachable);
    }

    /// <summary>Where a notice may go, in order of preference: the phone first (coordinators know their network's number).</summary>
    private static IEnumerable<(string Channel, string Address)> Addresses(CoordinatorContact? contact, string? channel)
    {
        if (contact?.Phone is { } phone && channel is null or ChannelName.Sms)
            yield return (ChannelName.Sms, phone);
        if (contact?.TelegramUserId is { } userId && channel is null or ChannelName.Telegram)
            yield return (ChannelName.Telegram, userId.ToString(CultureInfo.InvariantCulture));
    }
}
