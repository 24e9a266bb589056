using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Subscribers;

// The menu of networks and areas: at the default number, a place several networks serve is offered as numbered
// choices (subscription rows in status 'offered', holding the area only), answered with a number, several or ALL.
// Choices lapse with the pending join (ConfirmWindow) and are then erased by LapsedJoinsJob.
public sealed partial class SubscriberInbox
{
    /// <summary>Offers these areas (of several networks) as a numbered menu; areas the address already has are left out.</summary>
    private async Task<string> OfferAsync(SubscriberSession s, Inbound at, Place place, IReadOnlyList<Area> chosen, SubscriberTexts texts, string? language)
    {
        var now = time.GetUtcNow();
        var held = s.Subscriber is { IsStopped: false } ? (await s.SubscriptionsAsync()).Select(x => x.AreaId).ToHashSet() : [];
        var open = chosen.Where(a => !held.Contains(a.Id)).ToList();
        if (open.Count == 0)
            return texts.AlreadySubscribed(string.Join(" / ", chosen.Select(a => a.NetworkName).Distinct()), chosen.Select(a => a.Place).ToList());
        if (open.Select(a => a.NetworkId).Distinct().Count() == 1)
            return await SubscribeAsync(s, at, open, texts, language);

        // A new number is stored as a pending join (as JOIN stores it) so that its choice can follow; until it has
        // chosen, nothing can reach it: a choice is no subscription.
        if (s.Subscriber is null or { IsStopped: true })
            await s.StartAsync(SubscriberStatus.Pending, language ?? Language.English, now);
        else if (await s.IsLapsedAsync(now - ConfirmWindow))
            await s.ClearPendingAsync();
        await s.ClearOffersAsync();
        var options = new List<MenuOption>();
        foreach (var area in open)
        {
            options.Add(new MenuOption(options.Count + 1, area.NetworkName, area.Name));
            await s.OfferAsync(area.Id, options.Count, now);
        }
        await s.CommitAsync();
        return texts.Menu(place, options);
    }

    /// <summary>
    /// An answer to the menu: the chosen areas are joined as JOIN would (pending until YES for a new number). Null
    /// when the address has no menu still open (a lapsed one does nothing): the text is then an ordinary message.
    /// </summary>
    private async Task<string?> ChooseAsync(SubscriberSession s, Inbound at, MenuAnswer answer, SubscriberTexts texts, string? language)
    {
        var offers = await s.OffersAsync(time.GetUtcNow() - ConfirmWindow);
        if (offers.Count == 0)
            return null;
        var picked = offers.Where(o => answer.All || answer.Numbers.Contains(o.Choice)).ToList();
        if (picked.Count == 0)
            return texts.MenuAgain(Options(offers));
        var found = await areas.FindByIdsAsync(picked.Select(o => o.AreaId).ToList());
        await s.ClearOffersAsync();
        return await SubscribeAsync(s, at, [.. found.OrderBy(a => picked.FindIndex(o => o.AreaId == a.Id))], texts, language);
    }

    private static List<MenuOption> Options(IReadOnlyList<Offer> offers) =>
        offers.Select(o => new MenuOption(o.Choice, o.NetworkName, o.AreaName)).ToList();
}
