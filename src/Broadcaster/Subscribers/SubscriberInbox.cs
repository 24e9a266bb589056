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
public sealed partial class SubscriberInbox(SubscriberStore store, PlaceFinder places, AreaStore areas, TimeProvider time)
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
        if (command.Verb == SubscriberVerb.Other && s.Subscriber is { IsStopped: false }
            && MenuChoice.TryParse(argument, out var answer) && await ChooseAsync(s, at, answer, texts, language) is { } chosen)
            return Reply(texts, chosen);
        return command.Verb switch
        {
            SubscriberVerb.OptOut => Reply(texts, await StopAsync(s, at, texts)),
            SubscriberVerb.Confirm when pending => Reply(texts, await ConfirmAsync(s, texts)),
            SubscriberVerb.Confirm or SubscriberVerb.OptIn when argument.Length == 0 => await OptInAsync(s, at, texts, language),
            SubscriberVerb.Confirm when !(await places.FindAsync(argument)).Known => Reply(texts, await OtherAsync(s, at, texts)),
            SubscriberVerb.Confirm or SubscriberVerb.OptIn => Reply(texts, await JoinAsync(s, at, argument, texts, language, command.BySlug)),
            SubscriberVerb.Help => Reply(texts, await HelpAsync(s, at, texts)),
            SubscriberVerb.Leave => Reply(texts, await LeaveAsync(s, argument, texts)),
            SubscriberVerb.Language => await SetLanguageAsync(s, at, argument, texts),
            // A place typed on its own joins it where the channel needs no confirmation (Telegram, after the picker).
            _ when at.Confirmed && (await places.FindAsync(argument)).Known => Reply(texts, await JoinAsync(s, at, argument, texts, language)),
            _ => Reply(texts, await OtherAsync(s, at, texts)),
        };
    }

    private static InboxReply Reply(SubscriberTexts texts, string? text, Prompt prompt = Prompt.None) => new(text, texts.Language, prompt);

    /// <summary>
    /// Joins what a place names (see <see cref="PlaceFinder"/>). A place nobody serves gets a polite reply and nothing is
    /// stored; at a network's own number only that network's areas count, and a place only another network serves is
    /// pointed to that network's number.
    /// </summary>
    private async Task<string> JoinAsync(
        SubscriberSession s, Inbound at, string placeText, SubscriberTexts texts, string? language, bool bySlug = false)
    {
        var found = await places.FindAsync(placeText, bySlug: bySlug);
        if (found.Place is not { } place)
            return texts.UnknownCounty();
        var chosen = found.Areas;
        if (at.At is { } here)
        {
            if (chosen.Any(a => a.NetworkId == here.Id))
                chosen = (await places.FindAsync(placeText, here.Id, bySlug)).Areas;
            else if (chosen.FirstOrDefault(a => a.NetworkSmsFrom is not null) is { } other)
                return texts.OtherNetwork(found.Zip is null ? place : other.Place, other.NetworkName, other.NetworkSmsFrom!);
        }
        if (chosen.Count == 0)
            return texts.NotServed(place);
        // At the default number, a place several networks serve: the person chooses (a ZIP is named, never kept).
        if (at.At is null && chosen.Select(a => a.NetworkId).Distinct().Count() > 1)
            return await OfferAsync(s, at, found.Zip is { } zip ? new Place(zip, null) : place, chosen, texts, language);
        return await SubscribeAsync(s, at, chosen, texts, language);
    }

    /// <summary>
    /// Subscribes to these areas. A new or previously stopped address is stored as pending and asked to confirm
    /// (double opt-in), unless the channel confirmed it; a confirmed number gets each new area at once.
    /// </summary>
    private async Task<string> SubscribeAsync(SubscriberSession s, Inbound at, IReadOnlyList<Area> chosen, SubscriberTexts texts, string? language)
    {
        var now = time.GetUtcNow();
        var status = at.Confirmed ? SubscriberStatus.Active : SubscriberStatus.Pending;
        var placesOf = chosen.Select(a => a.Place).ToList();
        var programOf = string.Join(" / ", chosen.Select(a => a.NetworkName).Distinct());
        string reply;
        if (s.Subscriber is null or { IsStopped: true })
        {
            await s.StartAsync(status, language ?? Language.English, now);
            foreach (var area in chosen)
                await s.AddSubscriptionAsync(area.Id, status, now);
            reply = at.Confirmed ? texts.Welcome(programOf, placesOf) : texts.AskConfirm(programOf, placesOf);
        }
        else if (s.Subscriber.Status == SubscriberStatus.Pending)
        {
            // A lapsed request is not revived by a new JOIN: only what this message asks for is pending now.
            if (await s.IsLapsedAsync(now - ConfirmWindow))
                await s.ClearPendingAsync();
            foreach (var area in chosen)
                await s.AddSubscriptionAsync(area.Id, SubscriberStatus.Pending, now);
            if (at.Confirmed)
                await s.ActivateAsync(now);
            var all = await s.SubscriptionsAsync();
            reply = at.Confirmed ? texts.Welcome(Program(all, texts), Places(all)) : texts.AskConfirm(Program(all, texts), Places(all));
        }
        else
        {
            var held = (await s.SubscriptionsAsync()).Select(x => x.AreaId).ToHashSet();
            var added = chosen.Where(a => !held.Contains(a.Id)).ToList();
            if (added.Count == 0)
                return texts.AlreadySubscribed(programOf, placesOf);
            // The number is already confirmed: a further area needs no second opt-in, but its network's welcome.
            foreach (var area in added)
                await s.AddSubscriptionAsync(area.Id, SubscriberStatus.Active, now);
            reply = texts.Welcome(string.Join(" / ", added.Select(a => a.NetworkName).Distinct()), added.Select(a => a.Place).ToList());
        }
        await s.CommitAsync();
        return reply;
    }

    /// <summary>
    /// An opt-in word with no place: confirms a pending join, reminds an active subscriber, else asks for a place.
    /// At a network's own number the network's only area is joined, or its areas are listed.
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
        var served = await areas.AllAsync(here.Id);
        if (served.Count == 1)
            return Reply(texts, await SubscribeAsync(s, at, served, texts, language));
        if (served.Count == 0)
            return Reply(texts, texts.AskCounty(), Prompt.County);
        return Reply(texts, texts.ChooseCounty(here.Name, served.Select(a => a.Place).ToList()), Prompt.County);
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
        // Sent a menu and not chosen yet: there is nothing to confirm, so the choices again.
        if ((await s.SubscriptionsAsync()).Count == 0 && await s.OffersAsync(now - ConfirmWindow) is { Count: > 0 } offers)
            return texts.MenuAgain(Options(offers));
        await s.ActivateAsync(now);
        var all = await s.SubscriptionsAsync();
        await s.CommitAsync();
        return texts.Welcome(Program(all, texts), Places(all));
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
                    await s.RemoveSubscriptionAsync(x.AreaId);
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

    /// <summary>
    /// Leaves the areas a place names (an area, a county: the areas in it, a ZIP: the areas holding it); without a place,
    /// the only area. Leaving the last area erases the address as STOP does.
    /// </summary>
    private async Task<string> LeaveAsync(SubscriberSession s, string? placeText, SubscriberTexts texts)
    {
        var subscriptions = await s.SubscriptionsAsync();
        if (s.Subscriber is null or { IsStopped: true } || subscriptions.Count == 0)
            return texts.NotSubscribed();
        List<Subscription> targets;
        if (string.IsNullOrWhiteSpace(placeText))
        {
            if (subscriptions.Count > 1)
                return texts.WhichToLeave(Places(subscriptions));
            targets = [subscriptions[0]];
        }
        else
        {
            var found = await places.FindAsync(placeText);
            if (found.Place is not { } place)
                return texts.WhichToLeave(Places(subscriptions));
            var homes = await areas.FindByIdsAsync(subscriptions.Select(x => x.AreaId).ToList());
            var named = found.Areas.Select(a => a.Id).ToHashSet();
            var matching = homes.Where(h => named.Contains(h.Id)
                || (found.County is { } county && found.Zip is null && h.Counties.Contains(county))).Select(h => h.Id).ToHashSet();
            if (found.Zip is { } zip)
                matching.UnionWith((await areas.ContainingZipAsync(zip)).Select(a => a.Id));
            targets = subscriptions.Where(x => matching.Contains(x.AreaId)).ToList();
            if (targets.Count == 0)
                return texts.NotInCounty(place, Places(subscriptions));
        }

        var program = string.Join(" / ", targets.Select(x => x.NetworkName).Distinct());
        var remaining = subscriptions.Where(x => !targets.Contains(x)).ToList();
        if (remaining.Count == 0)
            await s.StopAsync(time.GetUtcNow());
        else
            foreach (var target in targets)
                await s.RemoveSubscriptionAsync(target.AreaId);
        await s.CommitAsync();
        var left = targets.Select(x => x.Place).ToList();
        return remaining.Count == 0 ? texts.LeftLast(program, left) : texts.Left(program, left, Places(remaining));
    }
}
