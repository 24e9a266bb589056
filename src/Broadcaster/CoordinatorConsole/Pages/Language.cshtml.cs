using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>The coordinator's pick of language, kept in a cookie for a year; then back to the page they were on.</summary>
[AllowAnonymous]
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public IActionResult OnPost(string? lang, string? back)
    {
        if (lang is not null && ConsoleText.Languages.Contains(lang))
            Response.Cookies.Append(ConsoleText.CookieName, lang, new CookieOptions
            {
                Path = "/console",
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        return Redirect(ConsoleUrls.LocalOrHome(back));
    }
}
