using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Alerts;

/// <summary>
/// What a draft would do, as its author and its verifier both see it: each written language's SMS as it goes out,
/// what it costs (segments × recipients, and the time at the sender's rate), a GSM-7 form where that is cheaper,
/// per subscriber language who reads what, the estimate and the warnings.
/// </summary>
public sealed class DraftFigures(DeliveryEstimator estimator, AlertRecipients recipients, AlertStore alerts, NetworkStore networks)
{
    /// <summary>The figures of a stored alert (the verifier's review): its recipients as the fan-out would count them now.</summary>
    public async Task<Draft> ForStoredAsync(Alert alert)
    {
        var network = await networks.FindAsync(alert.NetworkId) ?? throw new InvalidOperationException($"alert {alert.Id} has no network");
        var groups = alert.Drill ? await recipients.CountDrillAsync(alert.Id, alert.NetworkId) : await recipients.CountAsync(alert.Id);
        var original = alert.ReplyTo is { } id ? await alerts.FindAsync(id) : null;
        return Compute(alert, network, groups, original);
    }

    public Draft Compute(Alert draft, Network network, IReadOnlyList<RecipientGroup> groups, Alert? original)
    {
        var fallback = network.FallbackLanguage;
        var previews = Language.Supported.ToDictionary(l => l, l => Preview(draft, network, l));
        var messages = Language.Supported.Where(draft.Texts.ContainsKey)
            .ToDictionary(l => l, l => Cost(draft, network, l, previews[l], groups, previews));
        var languages = LanguageAudience.For(groups, draft.Texts, fallback, language => previews[language]);
        var warnings = new List<DraftWarning>();
        if (draft.Drill)
            warnings.Add(new("Drill: once verified it goes only to your network's coordinators and simulated numbers, marked DRILL; no subscriber gets it."));
        if (!draft.Texts.ContainsKey(Language.Spanish))
            warnings.Add(new("No Spanish text (texts.es): {0} Spanish-speaking subscriber(s) would get the {1} text.", languages[Language.Spanish].Recipients, FallbackName(fallback)));
        foreach (var (language, audience) in languages.Where(l => l.Key != Language.Spanish && l.Value.Fallback > 0))
            warnings.Add(new("No {0} text (texts.{0}): {1} subscriber(s) would get the {2} text.", language, audience.Fallback, FallbackName(fallback)));
        if (groups.Sum(g => g.Count) == 0 && !draft.Drill)
            warnings.Add(original is null ? new("No active subscribers in these areas yet: nobody would receive this alert.")
                : new("Nobody would receive this follow-up: none of alert #{0}'s recipients is still subscribed.", original.Id));
        return new Draft(draft, network.Name, groups, messages, languages, estimator.Estimate(draft, network, groups), warnings);
    }

    /// <summary>The SMS a subscriber of <paramref name="language"/> gets, with its size.</summary>
    public static MessagePreview Preview(Alert draft, Network network, string language)
    {
        var rendered = AlertText.Render(draft, network.Name, language, fallback: network.FallbackLanguage);
        var count = SmsSegments.Count(rendered);
        return new MessagePreview(rendered, count.EncodingName, count.Units, count.Segments);
    }

    // Segments differ per reader (the labels are in their language), so the cost is summed over the groups reading this text.
    private MessagePreview Cost(
        Alert draft, Network network, string language, MessagePreview message, IReadOnlyList<RecipientGroup> groups,
        IReadOnlyDictionary<string, MessagePreview> previews)
    {
        var readers = groups.Where(g => g.Channel == ChannelName.Sms
            && AlertText.LanguageFor(draft.Texts, g.Language, network.FallbackLanguage) == language).ToList();
        var total = readers.Sum(g => g.Count * previews[g.Language].Segments);
        Gsm7Offer? offer = null;
        var text = draft.Texts[language];
        if (Gsm7Form.Helps(text))
        {
            var plain = draft with { Texts = new Dictionary<string, string>(draft.Texts) { [language] = Gsm7Form.Of(text) } };
            int Segments(string reader) => Preview(plain, network, reader).Segments;
            if (Segments(language) < message.Segments)
                offer = new Gsm7Offer(plain.Texts[language], Segments(language), readers.Sum(g => g.Count * Segments(g.Language)));
        }
        return message with
        {
            SmsRecipients = readers.Sum(g => g.Count),
            SmsSegmentsTotal = total,
            SmsSeconds = estimator.SmsSeconds(total, network),
            Gsm7 = offer,
        };
    }

    private static string FallbackName(string fallback) => fallback == Language.English ? "English" : $"'{fallback}'";
}
