using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>Sign-in by a one-time code sent to the coordinator's phone or Telegram, or by their API key.</summary>
[AllowAnonymous]
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
        await codes.SendAsync(to, text, HttpContext.RequestAborted);
        CodeSent = true;
        return Page();
    }

    public async Task<IActionResult> OnPostCodeAsync(string? channel, string? address, string? code)
    {
        (Channel, Address, CodeSent) = (channel, address, true);
        if (SignInAddress.Parse(channel, address) is not { } from)
            return Refuse(text["Enter a phone number (e.g. +1 707 555 0111) or a Telegram user id."], StatusCodes.Status400BadRequest);
        var (check, coordinator) = await codes.CheckAsync(from, code ?? "");
        if (coordinator is null)
        {
            CodeSent = check != CodeCheck.Locked;
            return Refuse(check == CodeCheck.Locked
                ? text["Too many wrong tries: that code no longer works. Ask for a new one."]
                : text["Wrong code. Check the last message we sent you."], StatusCodes.Status401Unauthorized);
        }
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
