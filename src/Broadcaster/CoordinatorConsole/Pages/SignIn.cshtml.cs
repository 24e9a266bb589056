using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>
/// Sign-in by a one-time code sent to the coordinator's phone or Telegram, or by their API key. Every POST counts
/// against the client address's sign-in limit (<see cref="ConsoleSetup.SignInLimit"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(ConsoleSetup.SignInLimit)]
public sealed class SignInModel(CoordinatorStore coordinators, CodeSignIn codes, ConsoleText text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public bool CodeSent { get; private set; }
    public string? Channel { get; private set; }
    public string? Address { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendCodeAsync(string? channel, string? address)
    {
        (Channel, Address) = (channel, address);
        if (SignInAddress.Parse(channel, address) is not { } to)
            return Refuse(text["Enter a phone number (e.g. +1 707 555 0111) or a Telegram user id."], StatusCodes.Status400BadRequest);
        codes.Request(to, text.Language);
        CodeSent = true;
        return Page();
    }

    public async Task<IActionResult> OnPostCodeAsync(string? channel, string? address, string? code)
    {
        (Channel, Address, CodeSent) = (channel, address, true);
        if (SignInAddress.Parse(channel, address) is not { } from)
            return Refuse(text["Enter a phone number (e.g. +1 707 555 0111) or a Telegram user id."], StatusCodes.Status400BadRequest);
        var (_, coordinator) = await codes.CheckAsync(from, code ?? "");
        // Wrong and spent codes get one answer: "too many tries" would tell a stranger the number is a coordinator's.
        if (coordinator is null)
            return Refuse(text["Wrong code, or no tries left on it. Check the last message we sent you, or ask for a new code."], StatusCodes.Status401Unauthorized);
        await ConsoleAuth.SignInAsync(HttpContext, coordinator);
        return Redirect(ConsoleUrls.LocalOrHome(ReturnUrl));
    }

    public async Task<IActionResult> OnPostKeyAsync(string? apiKey)
    {
        var key = apiKey?.Trim();
        if (key is not { Length: > 0 and <= 256 } || await coordinators.FindByApiKeyAsync(key) is not { } coordinator)
            return Refuse(text["Unknown or revoked API key."], StatusCodes.Status401Unauthorized);
        await ConsoleAuth.SignInAsync(HttpContext, coordinator);
        return Redirect(ConsoleUrls.LocalOrHome(ReturnUrl));
    }

    private PageResult Refuse(string error, int status)
    {
        Error = error;
        Response.StatusCode = status;
        return Page();
    }
}
