using Broadcaster.Alerts;
using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Broadcaster.Networks;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// A console page behind the sign-in: the coordinator, their network (its name and time zone), the number of drafts
/// waiting (the navigation shows it), and refusals shown as a page with the right status.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    public const string ProblemKey = "Problem";
    public const string WaitingKey = "Waiting";
    public const string ZoneKey = "Zone";
    /// <summary>Seconds after which the page is fetched again: the script swaps what changed, a meta refresh reloads without it.</summary>
    public const string RefreshKey = "Refresh";

    protected Coordinator Me => ConsoleAuth.Current(HttpContext);

    public Network Network { get; private set; } = null!;

    /// <summary>The zone every time on the page is shown in (the network's, default America/Los_Angeles).</summary>
    public TimeZoneInfo Zone => Network.Zone;

    /// <summary>County names for slugs, as people know them ("Los Angeles", not "los-angeles").</summary>
    public string Places(IEnumerable<string> slugs) => string.Join(", ", slugs.Select(s => _countyNames.GetValueOrDefault(s, s)));

    /// <summary>An alert's areas by name ("Long Beach", "Los Angeles County").</summary>
    public string Places(IEnumerable<AlertArea> areas) => string.Join(", ", areas.Select(a => a.Name));

    private Dictionary<string, string> _countyNames = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        Network = await services.GetRequiredService<NetworkStore>().FindAsync(Me.NetworkId)
            ?? throw new InvalidOperationException($"coordinator {Me.Id} has no network");
        ViewData[ZoneKey] = Zone;
        _countyNames = (await services.GetRequiredService<Counties.CountyDirectory>().AllAsync()).ToDictionary(c => c.Slug, c => c.Name);
        ViewData[WaitingKey] = (await services.GetRequiredService<AlertActions>().RecentAsync(Me, AlertStatus.Draft)).Count;
        await next();
    }

    /// <summary>The layout shows the sentence instead of the page body (403 another network, 404, 409…).</summary>
    protected PageResult Refuse(AlertError error)
    {
        ViewData[ProblemKey] = error.Message;
        Response.StatusCode = error.Status;
        return Page();
    }

    /// <summary>The same refusal for a script: RFC 7807 problem JSON.</summary>
    protected static ObjectResult ProblemJson(AlertError error) =>
        new(new ProblemDetails { Status = error.Status, Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(error.Status), Detail = error.Message })
        {
            StatusCode = error.Status,
            ContentTypes = { "application/problem+json" },
        };

    protected bool WantsJson => Request.Headers.Accept.Any(a => a?.Contains("application/json") == true);
}
