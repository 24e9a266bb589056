using Broadcaster.Infrastructure;

namespace Broadcaster.Alerts;

/// <summary>
/// One subscriber language in a draft's answer: how many recipients read it, how many of them get a text written
/// in their language and how many the network's fallback, and what they would receive (<see cref="ReadsIn"/>).
/// </summary>
public sealed record LanguageAudience(
    int Recipients, int OwnText, int Fallback, string ReadsIn, string Preview, string Encoding, int Characters, int Segments)
{
    /// <summary>Every supported language, in <see cref="Language.Supported"/> order, from the recipient groups and the rendered previews.</summary>
    public static IReadOnlyDictionary<string, LanguageAudience> For(
        IReadOnlyList<RecipientGroup> groups, IReadOnlyDictionary<string, string> texts, string fallback, Func<string, MessagePreview> render)
    {
        var result = new Dictionary<string, LanguageAudience>();
        foreach (var language in Language.Supported)
        {
            var count = groups.Where(g => g.Language == language).Sum(g => g.Count);
            var reads = AlertText.LanguageFor(texts, language, fallback);
            var own = reads == language;
            var preview = render(language);
            result[language] = new LanguageAudience(
                count, own ? count : 0, own ? 0 : count, reads, preview.Preview, preview.Encoding, preview.Characters, preview.Segments);
        }
        return result;
    }
}
