using Broadcaster.Channels;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// The lane of replies (TwiML answers, Telegram replies) and coordinator notices (sign-in codes, keys, draft and team
/// notices) through their sender's token bucket. A reply never waits for a slot and is never dropped for the bucket:
/// it is charged at once and the bucket goes into debt, so that the alert fan-out of the same sender, in every
/// process, takes its next slots that much later and the sender's rate holds overall. (Replies that waited for a slot
/// behind a broadcast were late, and with a bound on the wait STOP confirmations were dropped at 1 message/s.) The
/// debt is bounded by <see cref="DeliveryOptions.ReplyDebt"/> of the sender's rate: a flood of replies beyond it can
/// delay alerts by no more than that, and what goes beyond is counted in
/// <c>broadcaster_replies_over_rate</c>: it went out above the rate.
/// </summary>
public sealed class ReplyLane(Senders senders, RateGates gates, RateBucket bucket, DeliveryMetrics metrics, IOptions<DeliveryOptions> options, ILogger<ReplyLane> log)
{
    /// <summary>Charges one message of <paramref name="text"/> on <paramref name="channel"/> to the sender of <paramref name="network"/> (null: the default sender).</summary>
    public Task ChargeAsync(Network? network, string channel, string text, CancellationToken ct) =>
        senders.For(network, channel) is { } sender ? ChargeAsync(sender, MessageCost.Tokens(channel, text), ct) : Task.CompletedTask;

    /// <summary>Charges <paramref name="tokens"/> (SMS segments, Telegram messages) to <paramref name="sender"/>'s bucket, at once.</summary>
    public async Task ChargeAsync(Sender sender, int tokens, CancellationToken ct)
    {
        try
        {
            // At the rate the gates space slots at (and refill the bucket at), so that a borrow and a take agree.
            var charged = sender.Rate >= RateGate.Unlimited ? tokens
                : await bucket.BorrowAsync(sender.Key, sender.Rate * RateGate.Headroom, Math.Max(1, tokens), MaxDebt(sender.Rate, options.Value.ReplyDebt), ct);
            if (charged < tokens)
                metrics.RepliesOverRate(sender.Key, sender.Channel.Name, tokens - charged);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // The reply still goes: a person's STOP confirmation is worth more than the bucket's exact count.
            log.LogWarning("Reply on {Sender} not charged to its rate bucket: {Error}", sender.Key, e.Message);
        }
    }

    /// <summary>
    /// After a reply was sent: a provider's Retry-After pauses the sender for every process, as it does for alerts
    /// (Telegram's 429 is bot-wide: an alert sent into it would only be refused too).
    /// </summary>
    public async Task AnsweredAsync(Network? network, string channel, SendResult result)
    {
        if (result is { Outcome: SendOutcome.RetryLater, RetryAfter: { } wait } && senders.For(network, channel) is { } sender)
        {
            log.LogWarning("Reply on {Sender} refused with Retry-After {Seconds} s: the sender pauses", sender.Key, wait.TotalSeconds);
            await gates.For(sender).PauseAsync(wait, CancellationToken.None);
        }
    }

    /// <summary>The most tokens replies may owe a sender: <paramref name="debt"/> of its rate.</summary>
    public static double MaxDebt(double rate, TimeSpan debt) => rate * debt.TotalSeconds;
}
