using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Subscribers;

/// <summary>
/// Where a text came from: the channel and address, the language the sender's app or keyword suggests,
/// whether the channel already proves the person is the address (Telegram: no double opt-in), and for SMS
/// the network whose own number it was sent to (null: the default number).
/// </summary>
public sealed record Inbound(string Channel, string Address, string? Language = null, bool Confirmed = false, Network? At = null);

/// <summary>What the reply asks the person to choose next, for channels that can offer buttons.</summary>
public enum Prompt { None, County, Language }

/// <summary>The reply to send (null: none), in <see cref="Language"/>, and what it asks for.</summary>
public sealed record InboxReply(string? Text, string Language, Prompt Prompt = Prompt.None);

/// <summary>
/// The one subscriber inbox: SMS and Telegram turn a text, command or button into a <see cref="SubscriberCommand"/>
/// and hand it here. Each command takes the address's row lock once (<see cref="SubscriberStore.OpenAsync(string, string)"/>)
/// and decides and writes inside that one transaction, so two texts from one address apply one after the other.
/// Replies are in the subscriber's language (for an address we don't hold, the keyword's or app's language).
/// </summary>
public sealed partial class SubscriberInbox(SubscriberStore store, CountyDirectory counties, NetworkStore networks, TimeProvider time)
{
    /// <summary>How long a new or returning address has to answer YES/SÍ before its join lapses and is erased.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromHours(24);

    public async Task<InboxReply> HandleAsync(Inbound at, SubscriberCommand command)
    {
        await using var s = await store.OpenAsync(at.Channel, at.Address);
        var language = command.Language ?? at.Language;
        var texts = TextsFor(s.Subscriber, language, at.Channel);
        var argument = command.Argument;
        var pending = s.Subscriber?.Status == SubscriberStatus.Pending;
        return command.Verb switch
        {
            SubscriberVerb.OptOut => Reply(texts, await StopAsync(s, at, texts)),
            SubscriberVerb.Confirm when pending => Reply(texts, await ConfirmAsync(s, texts)),
            SubscriberVerb.Confirm or SubscriberVerb.OptIn when argument.Length == 0 => await OptInAsync(s, at, texts, language),
            SubscriberVerb.Confirm when await FindCountyAsync(argument) is null => Reply(texts, await OtherAsync(s, at, texts)),
            SubscriberVerb.Confirm or SubscriberVerb.OptIn => Reply(texts, await JoinAsync(s, at, argument, texts, language)),
            SubscriberVerb.Help => Reply(texts, await HelpAsync(s, at, texts)),
            SubscriberVerb.Leave => Reply(texts, await LeaveAsync(s, argument, texts)),
            SubscriberVerb.Language => await SetLanguageAsync(s, at, argument, texts),
            // A county typed on its own joins it where the channel needs no confirmation (Telegram, after the picker).
            _ when at.Confirmed && await FindCountyAsync(argument) is not null => Reply(texts, await JoinAsync(s, at, argument, texts, language)),
            _ => Reply(texts, await OtherAsync(s, at, texts)),
        };
    }

    private static InboxReply Reply(SubscriberTexts texts, string? text, Prompt prompt = Prompt.None) => new(text, texts.Language, prompt);

    /// <summary>
    /// Joins one county (slug, name, alias or ZIP). A new or previously stopped address is stored as pending
    /// and asked to confirm (double opt-in), unless the channel confirmed it. A county no network serves gets a
    /// polite reply and nothing is stored; at a network's own number, a county of another network is pointed to
    /// that network's number.
    /// </summary>
    private async Task<string> JoinAsync(SubscriberSession s, Inbound at, string countyText, SubscriberTexts texts, string? language)
    {
        var county = await FindCountyAsync(countyText);
        if (county is null)
            return texts.UnknownCounty();
        var network = await networks.ForCountyAsync(county.Slug);
        if (network is null)
            return texts.NotServed(county.Name);
        if (at.At is { } here && network.Id != here.Id && network.SmsFrom is { } elsewhere)
            return texts.OtherNetwork(county.Name, network.Name, elsewhere);

        var now = time.GetUtcNow();
        var status = at.Confirmed ? SubscriberStatus.Active : SubscriberStatus.Pending;
        string reply;
        if (s.Subscriber is null or { IsStopped: true })
        {
            await s.StartAsync(status, language ?? Language.English, now);
            await s.AddSubscriptionAsync(county.Slug, status, now);
            reply = at.Confirmed ? texts.Welcome(network.Name, [county.Name]) : texts.AskConfirm(network.Name, [county.Name]);
        }
        else if (s.Subscriber.Status == SubscriberStatus.Pending)
        {
            // A lapsed request is not revived by a new JOIN: only what this message asks for is pending now.
            if (await s.IsLapsedAsync(now - ConfirmWindow))
                await s.ClearPendingAsync();
            await s.AddSubscriptionAsync(county.Slug, SubscriberStatus.Pending, now);
            if (at.Confirmed)
                await s.ActivateAsync(now);
            var all = await s.SubscriptionsAsync();
            reply = at.Confirmed ? texts.Welcome(Program(all, texts), Names(all)) : texts.AskConfirm(Program(all, texts), Names(all));
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

    /// <summary>
    /// An opt-in word with no county: confirms a pending join, reminds an active subscriber, else asks for a county.
    /// At a network's own number the network's only county is joined, or its counties are offered.
    /// </summary>
    private async Task<InboxReply> OptInAsync(SubscriberSession s, Inbound at, SubscriberTexts texts, string? language)
    {
        switch (s.Subscriber?.Status)
        {
            case SubscriberStatus.Pending:
                return Reply(texts, await ConfirmAsync(s, texts));
            case SubscriberStatus.Active:
                return Reply(texts, Already(await s.SubscriptionsAsync(), texts));
        }
        if (at.At is not { } here)
            return Reply(texts, texts.AskCounty(), Prompt.County);
        var slugs = await networks.CountiesAsync(here.Id);
        if (slugs.Count == 1)
            return Reply(texts, await JoinAsync(s, at, slugs[0], texts, language));
        var names = new List<string>();
        foreach (var slug in slugs)
            names.Add((await counties.FindBySlugAsync(slug))?.Name ?? slug);
        return Reply(texts, texts.ChooseCounty(here.Name, names.Order().ToList()), Prompt.County);
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
    /// honoured. At a network's own number only that network's counties are left (carriers treat opt-out per
    /// sender); the address is erased once nothing is left. Null for an address that had already stopped.
    /// </summary>
    private async Task<string?> StopAsync(SubscriberSession s, Inbound at, SubscriberTexts texts)
    {
        if (s.Subscriber is { IsStopped: true })
            return null;
        var now = time.GetUtcNow();
        var subscriptions = await s.SubscriptionsAsync();
        if (at.At is { } here)
        {
            var mine = subscriptions.Where(x => x.NetworkId == here.Id).ToList();
            if (s.Subscriber is not null && mine.Count < subscriptions.Count)
            {
                foreach (var x in mine)
                    await s.RemoveSubscriptionAsync(x.CountySlug);
                await s.CommitAsync();
                return texts.Stopped(here.Name);
            }
        }
        var program = at.At?.Name ?? Program(subscriptions, texts);
        if (s.Subscriber is null)
            await s.StartAsync(SubscriberStatus.Stopped, Language.English, now);
        else
            await s.StopAsync(now);
        await s.CommitAsync();
        return texts.Stopped(program);
    }

    /// <summary>Leaves one county; without a county, the only one. Leaving the last county erases the address as STOP does.</summary>
    private async Task<string> LeaveAsync(SubscriberSession s, string? countyText, SubscriberTexts texts)
    {
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
