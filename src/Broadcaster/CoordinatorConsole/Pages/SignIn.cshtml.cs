using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages;

[AllowAnonymous]
public sealed class SignInModel(CoordinatorStore coordinators, ConsoleText text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostKeyAsync(string? apiKey)
    {
        var key = apiKey?.Trim();
        if (key is not { Length: > 0 and <= 256 } || await coordinators.FindByApiKeyAsync(key) is not { } coordinator)
        {
            Error = text["Unknown or revoked API key."];
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await ConsoleAuth.SignInAsync(HttpContext, coordinator);
        return Redirect(ConsoleUrls.LocalOrHome(ReturnUrl));
    }
}
