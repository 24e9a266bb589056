using Broadcaster.Counties;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages.SignUp;

/// <summary>The network's areas, grouped by county as the new-alert form shows them, each linking to its printable sheet.</summary>
public sealed class IndexModel(AreaStore areas, CountyDirectory counties) : PageModel
{
    public IReadOnlyList<AreaGroup> Groups { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var names = (await counties.AllAsync()).ToDictionary(c => c.Slug, c => c.Name);
        Groups = AreaGroups.Of(await areas.AudienceAsync(ConsoleAuth.Current(HttpContext).NetworkId), slug => names.GetValueOrDefault(slug, slug));
    }

    public string Say(string english, string spanish) => ConsoleText.Pick(HttpContext) == "es" ? spanish : english;
}
