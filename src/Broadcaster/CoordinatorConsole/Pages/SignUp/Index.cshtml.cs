using Broadcaster.Alerts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages.SignUp;

/// <summary>The network's counties, each with a link to its printable sign-up sheet.</summary>
public sealed class IndexModel(AlertRecipients recipients) : PageModel
{
    public IReadOnlyList<CountyAudience> Counties { get; private set; } = [];

    public async Task OnGetAsync() => Counties = await recipients.ByCountyAsync(ConsoleAuth.Current(HttpContext).NetworkId);

    public string Say(string english, string spanish) => ConsoleText.Pick(HttpContext) == "es" ? spanish : english;
}
