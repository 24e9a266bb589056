using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync()
    {
        await ConsoleAuth.SignOutAsync(HttpContext);
        return Redirect("/console/sign-in");
    }
}
