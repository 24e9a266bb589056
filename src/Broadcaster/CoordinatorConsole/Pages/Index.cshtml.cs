using Broadcaster.Alerts;
using Broadcaster.Counties;
using Broadcaster.Networks;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>
/// The network at a glance: its areas with their subscribers per channel and language, the network's subscribers per
/// language (each person once, however many areas), and its recent alerts. Counts only, never who.
/// </summary>
public sealed class IndexModel(
    AlertRecipients recipients, AlertActions actions, NetworkStore networks, AreaStore areas, CountyDirectory counties, TimeProvider clock)
    : ConsolePageModel
{
    public string NetworkName { get; private set; } = "";
    public IReadOnlyList<AreaAudience> Areas { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<AreaLanguage>> AreaLanguages { get; private set; } = new Dictionary<string, IReadOnlyList<AreaLanguage>>();
    public IReadOnlyDictionary<string, string> CountyNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<LanguageSubscribers> Languages { get; private set; } = [];
    public IReadOnlyList<(Alert Alert, string Shown)> Alerts { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The alert's first line, in the page's language when it has a text in it, so alerts differ by more than their number.</summary>
    public string Excerpt(Alert alert)
    {
        var text = AlertText.TextFor(alert.Texts, ConsoleText.Pick(HttpContext), Network.FallbackLanguage).Split('\n')[0];
        return text.Length <= 90 ? text : text[..89].TrimEnd() + "…";
    }

    public async Task OnGetAsync()
    {
        NetworkName = (await networks.FindAsync(Me.NetworkId))?.Name ?? "";
        CountyNames = (await counties.AllAsync()).ToDictionary(c => c.Slug, c => c.Name);
        // In the order the new-alert form lists them: by county, the county-wide area first.
        Areas = [.. AreaGroups.Of(await areas.AudienceAsync(Me.NetworkId), slug => CountyNames.GetValueOrDefault(slug, slug)).SelectMany(g => g.Areas)];
        AreaLanguages = (await areas.LanguagesAsync(Me.NetworkId)).GroupBy(l => l.Slug)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AreaLanguage>)[.. g]);
        Languages = await recipients.ByLanguageAsync(Me.NetworkId);
        Alerts = (await actions.RecentShownAsync(Me)).Take(20).ToList();
    }
}
