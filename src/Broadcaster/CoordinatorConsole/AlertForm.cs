using System.Globalization;
using Broadcaster.Alerts;
using Broadcaster.Infrastructure;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// The new-alert form as posted. It becomes the same <see cref="DraftRequest"/> the API builds from JSON, so
/// the drafter applies one set of rules to both; the form only turns empty fields into "not given".
/// </summary>
public sealed class AlertForm
{
    /// <summary>Area slugs (a county slug names the network's area of that county, as in the API).</summary>
    public List<string> Areas { get; set; } = [];
    public string? Kind { get; set; }
    public string? ReplyTo { get; set; }
    public string? En { get; set; }
    public string? Es { get; set; }
    public bool Drill { get; set; }

    public (DraftRequest? Request, AlertError? Error) ToRequest()
    {
        var kind = string.IsNullOrWhiteSpace(Kind) ? AlertKind.Confirmed : Kind.Trim().ToLowerInvariant();
        if (!AlertKind.All.Contains(kind))
            return (null, AlertError.BadRequest($"Kind must be one of {string.Join(", ", AlertKind.All)}."));
        long? replyTo = null;
        if (!string.IsNullOrWhiteSpace(ReplyTo))
        {
            if (!long.TryParse(ReplyTo.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return (null, AlertError.BadRequest("The alert to follow up is given by its number, such as 12."));
            replyTo = id;
        }
        var texts = new Dictionary<string, string>();
        foreach (var (language, text) in new[] { (Language.English, En), (Language.Spanish, Es) })
            if (!string.IsNullOrWhiteSpace(text))
                texts[language] = AlertText.Clean(text);
        var areas = Areas.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToList();
        // An unticked box asks for nothing: a follow-up then keeps its original's drill flag.
        return (new DraftRequest(areas, texts, kind, replyTo, Drill ? true : null), null);
    }
}
