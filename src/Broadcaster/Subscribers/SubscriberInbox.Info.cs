using Broadcaster.Networks;
using Broadcaster.Infrastructure;

namespace Broadcaster.Subscribers;

// Language, help, and the answer to anything else: none of these store anything for an address we don't hold.
public sealed partial class SubscriberInbox
{
    /// <summary>Switches a held address to <paramref name="target"/> (a supported code; anything else lists the choices).</summary>
    private async Task<InboxReply> SetLanguageAsync(SubscriberSession s, Inbound at, string target, SubscriberTexts current)
    {
        if (!Language.Supported.Contains(target))
            return Reply(current, current.LanguageChoices(), Prompt.Language);
        var texts = SubscriberTexts.For(target, at.Channel);
        if (s.Subscriber is null or { IsStopped: true })
            return Reply(texts, texts.LanguageSet() + " " + texts.HowToJoin());
        await s.SetLanguageAsync(target, time.GetUtcNow());
        await s.CommitAsync();
        return Reply(texts, texts.LanguageSet());
    }

    /// <summary>Program name, the network's hotline, how to leave. Answered to anyone; at a network's own number, about that network.</summary>
    private static async Task<string> HelpAsync(SubscriberSession s, Inbound at, SubscriberTexts texts)
    {
        if (at.At is { } here)
            return texts.Help(here.Name, here.Hotline is null ? [] : [new Hotline(here.Name, here.Hotline)]);
        var subscriptions = await s.SubscriptionsAsync();
        return subscriptions.Count == 0 ? texts.HelpGeneral() : texts.Help(Program(subscriptions, texts), Hotlines(subscriptions));
    }

    /// <summary>Any other text: a short pointer to the hotline of the address's network(s). The text itself is never stored.</summary>
    private static async Task<string> OtherAsync(SubscriberSession s, Inbound at, SubscriberTexts texts)
    {
        if (at.At is { } here)
            return texts.Other(here.Name, here.Hotline is null ? [] : [new Hotline(here.Name, here.Hotline)]);
        var subscriptions = await s.SubscriptionsAsync();
        return subscriptions.Count == 0 ? texts.OtherGeneral() : texts.Other(Program(subscriptions, texts), Hotlines(subscriptions));
    }

    /// <summary>A held address gets its own language; anyone else the keyword's language, else English.</summary>
    private static SubscriberTexts TextsFor(Subscriber? subscriber, string? language, string channel) =>
        SubscriberTexts.For(subscriber is { IsStopped: false } ? subscriber.Language : language ?? Language.English, channel);

    private static string Already(IReadOnlyList<Subscription> subscriptions, SubscriberTexts texts) => subscriptions.Count == 0
        ? texts.NotSubscribed()
        : texts.AlreadySubscribed(Program(subscriptions, texts), Places(subscriptions));

    /// <summary>The program name carriers require: the network's, or each network's when areas span several.</summary>
    private static string Program(IReadOnlyList<Subscription> subscriptions, SubscriberTexts texts)
    {
        var names = subscriptions.Select(x => x.NetworkName).Distinct().ToList();
        return names.Count == 0 ? texts.GeneralProgram : string.Join(" / ", names);
    }

    private static List<Place> Places(IReadOnlyList<Subscription> subscriptions) => subscriptions.Select(x => x.Place).ToList();

    private static List<Hotline> Hotlines(IReadOnlyList<Subscription> subscriptions) => subscriptions
        .Where(x => x.Hotline is not null)
        .Select(x => new Hotline(x.NetworkName, x.Hotline!))
        .Distinct()
        .ToList();
}
