using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages.SignUp;

/// <summary>The network's areas, each with a link to its printable sign-up sheet.</summary>
public sealed class IndexModel(AreaStore areas) : PageModel
{
    public IReadOnlyList<AreaAudience> Counties { get; private set; } = [];

    public async Task OnGetAsync() => Counties = await areas.AudienceAsync(ConsoleAuth.Current(HttpContext).NetworkId);

    public string Say(string english, string spanish) => ConsoleText.Pick(HttpContext) == "es" ? spanish : english;
}
