using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Subscribers;

/// <summary>
/// What a subscriber can do, whatever the channel: SMS calls it with E.164 numbers, Telegram with chat ids.
/// Every operation returns the reply to send, in the subscriber's language (for an address we don't hold,
/// <c>language</c> — the language of the keyword used — or English). Addresses are stored only encrypted.
/// </summary>
public sealed partial class SubscriberService(SubscriberStore store, CountyDirectory counties, NetworkStore networks, TimeProvider time)
{
    /// <summary>How long a new or returning address has to answer YES/SÍ before its join lapses and is erased.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Joins one county (slug, name, alias or ZIP). A new or previously stopped address is stored as pending
    /// and asked to confirm (double opt-in), unless <paramref name="confirmed"/> (Telegram: the user is the chat).
    /// A county no network serves gets a polite reply and nothing is stored.
    /// </summary>
    public async Task<string> JoinAsync(string channel, string address, string countyText, string? language = null, bool confirmed = false)
    {
        await using var s = await store.OpenAsync(channel, address);
        var texts = TextsFor(s.Subscriber, language, channel);
        var county = await FindCountyAsync(countyText);
        if (county is null)
            return texts.UnknownCounty();
        var network = await networks.ForCountyAsync(county.Slug);
        if (network is null)
            return texts.NotServed(county.Name);

        var now = time.GetUtcNow();
        var status = confirmed ? SubscriberStatus.Active : SubscriberStatus.Pending;
        string reply;
        if (s.Subscriber is null or { IsStopped: true })
        {
            await s.StartAsync(status, language ?? Language.English, now);
            await s.AddSubscriptionAsync(county.Slug, status, now);
            reply = confirmed ? texts.Welcome(network.Name, [county.Name]) : texts.AskConfirm(network.Name, [county.Name]);
        }
        else if (s.Subscriber.Status == SubscriberStatus.Pending)
        {
            // A lapsed request is not revived by a new JOIN: only what this message asks for is pending now.
            if (await s.IsLapsedAsync(now - ConfirmWindow))
                await s.ClearPendingAsync();
            await s.AddSubscriptionAsync(county.Slug, SubscriberStatus.Pending, now);
            if (confirmed)
                await s.ActivateAsync(now);
            var all = await s.SubscriptionsAsync();
            reply = confirmed ? texts.Welcome(Program(all, texts), Names(all)) : texts.AskConfirm(Program(all, texts), Names(all));
        }
        else
        {
            if ((await s.SubscriptionsAsync()).Any(x => x.CountySlug == county.Slug))
                return texts.AlreadySubscribed(network.Name, [county.Name]);
            // The number is already confirmed: a further county needs no second opt-in, but its network's welcome.
            await s.AddSubscriptionAsync(county.Slug, SubscriberStatus.Active, now);
            reply = texts.Welcome(network.Name, [county.Name]);
        }
        await s.CommitAsync();
        return reply;
    }

    /// <summary>YES/SÍ: completes every pending county and sends the welcome text; a lapsed request is erased.</summary>
    public async Task<string> ConfirmAsync(string channel, string address, string? language = null)
    {
        await using var s = await store.OpenAsync(channel, address);
        return await ConfirmAsync(s, TextsFor(s.Subscriber, language, channel));
    }

    /// <summary>An opt-in word with no county: confirms a pending join, reminds an active subscriber, else asks for a county.</summary>
    public async Task<string> OptInAsync(string channel, string address, string? language = null)
    {
        await using var s = await store.OpenAsync(channel, address);
        var texts = TextsFor(s.Subscriber, language, channel);
        return s.Subscriber?.Status switch
        {
            SubscriberStatus.Pending => await ConfirmAsync(s, texts),
            SubscriberStatus.Active => Already(await s.SubscriptionsAsync(), texts),
            _ => texts.AskCounty(),
        };
    }

    private async Task<string> ConfirmAsync(SubscriberSession s, SubscriberTexts texts)
    {
        if (s.Subscriber?.Status == SubscriberStatus.Active)
            return Already(await s.SubscriptionsAsync(), texts);
        if (s.Subscriber?.Status != SubscriberStatus.Pending)
            return texts.NothingToConfirm();
        var now = time.GetUtcNow();
        if (await s.IsLapsedAsync(now - ConfirmWindow))
        {
            await s.DeleteAsync();
            await s.CommitAsync();
            return texts.Lapsed();
        }
        await s.ActivateAsync(now);
        var all = await s.SubscriptionsAsync();
        await s.CommitAsync();
        return texts.Welcome(Program(all, texts), Names(all));
    }

    /// <summary>
    /// Leaves every county at once and erases the stored address; only the blind index stays, so the opt-out is
    /// honoured. Returns null for an address that had already stopped: one confirmation at most.
    /// </summary>
    public async Task<string?> StopAsync(string channel, string address, string? language = null)
    {
        await using var s = await store.OpenAsync(channel, address);
        if (s.Subscriber is { IsStopped: true })
            return null;
        var texts = TextsFor(s.Subscriber, language, channel);
        var program = Program(await s.SubscriptionsAsync(), texts);
        if (s.Subscriber is null)
            await s.StartAsync(SubscriberStatus.Stopped, Language.English, time.GetUtcNow());
        else
            await s.StopAsync(time.GetUtcNow());
        await s.CommitAsync();
        return texts.Stopped(program);
    }

    /// <summary>Leaves one county; without a county, the only one. Leaving the last county erases the address as STOP does.</summary>
    public async Task<string> LeaveAsync(string channel, string address, string? countyText, string? language = null)
    {
        await using var s = await store.OpenAsync(channel, address);
        var texts = TextsFor(s.Subscriber, language, channel);
        var subscriptions = await s.SubscriptionsAsync();
        if (s.Subscriber is null or { IsStopped: true } || subscriptions.Count == 0)
            return texts.NotSubscribed();
        Subscription? target;
        if (string.IsNullOrWhiteSpace(countyText))
        {
            if (subscriptions.Count > 1)
                return texts.WhichToLeave(Names(subscriptions));
            target = subscriptions[0];
        }
        else
        {
            var county = await FindCountyAsync(countyText);
            if (county is null)
                return texts.WhichToLeave(Names(subscriptions));
            target = subscriptions.FirstOrDefault(x => x.CountySlug == county.Slug);
            if (target is null)
                return texts.NotInCounty(county.Name, Names(subscriptions));
        }

        var program = target.NetworkName ?? texts.GeneralProgram;
        var remaining = subscriptions.Where(x => x != target).ToList();
        if (remaining.Count == 0)
            await s.StopAsync(time.GetUtcNow());
        else
            await s.RemoveSubscriptionAsync(target.CountySlug);
        await s.CommitAsync();
        return remaining.Count == 0 ? texts.LeftLast(program, target.CountyName) : texts.Left(program, target.CountyName, Names(remaining));
    }
}
