using Broadcaster.Alerts;
using Broadcaster.Networks;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>The network at a glance: its counties and subscribers (counts only), and its recent alerts.</summary>
public sealed class IndexModel(AlertRecipients recipients, AlertActions actions, NetworkStore networks) : ConsolePageModel
{
    public string NetworkName { get; private set; } = "";
    public IReadOnlyList<CountyAudience> Counties { get; private set; } = [];
    public IReadOnlyList<LanguageSubscribers> Languages { get; private set; } = [];
    public IReadOnlyList<(Alert Alert, string Status)> Alerts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        NetworkName = (await networks.FindAsync(Me.NetworkId))?.Name ?? "";
        Counties = await recipients.ByCountyAsync(Me.NetworkId);
        Languages = await recipients.ByLanguageAsync(Me.NetworkId);
        Alerts = (await actions.RecentAsync(Me, null)).Take(20).ToList();
    }
}
