using Broadcaster.Alerts;
using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole;

/// <summary>A console page behind the sign-in: the coordinator, and refusals shown as a page with the right status.</summary>
public abstract class ConsolePageModel : PageModel
{
    public const string ProblemKey = "Problem";

    protected Coordinator Me => ConsoleAuth.Current(HttpContext);

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
