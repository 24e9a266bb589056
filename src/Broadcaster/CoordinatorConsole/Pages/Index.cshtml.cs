using Broadcaster.Alerts;
using Broadcaster.Networks;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>The network at a glance: its areas and subscribers (counts only), and its recent alerts.</summary>
public sealed class IndexModel(AlertRecipients recipients, AlertActions actions, NetworkStore networks, AreaStore areas, TimeProvider clock) : ConsolePageModel
{
    public string NetworkName { get; private set; } = "";
    public IReadOnlyList<AreaAudience> Counties { get; private set; } = [];
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
        Counties = await areas.AudienceAsync(Me.NetworkId);
        Languages = await recipients.ByLanguageAsync(Me.NetworkId);
        Alerts = (await actions.RecentShownAsync(Me)).Take(20).ToList();
    }
}
