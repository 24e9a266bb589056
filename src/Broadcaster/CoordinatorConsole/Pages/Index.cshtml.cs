using Broadcaster.Alerts;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>The network at a glance: its counties and subscribers (counts only), and its recent alerts.</summary>
public sealed class IndexModel(AlertRecipients recipients, NetworkStore networks) : PageModel
{
    public string NetworkName { get; private set; } = "";
    public IReadOnlyList<CountyAudience> Counties { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = ConsoleAuth.Current(HttpContext);
        NetworkName = (await networks.FindAsync(me.NetworkId))?.Name ?? "";
        Counties = await recipients.ByCountyAsync(me.NetworkId);
    }
}
