using System.Security.Claims;
using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// The console's cookie session. The cookie carries only a session token; every request looks the session
/// up (<see cref="ConsoleSessions"/>), so sign-out and revocation take effect at once, and the coordinator
/// found is kept for the page, which scopes everything to their network.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "Console";
    public const string Policy = "Coordinator";
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(12);

    private const string TokenClaim = "session";
    private static readonly object ItemKey = new();

    public static async Task SignInAsync(HttpContext http, Coordinator coordinator)
    {
        var token = await http.RequestServices.GetRequiredService<ConsoleSessions>().StartAsync(coordinator.Id);
        var identity = new ClaimsIdentity([new Claim(TokenClaim, token)], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    public static async Task SignOutAsync(HttpContext http)
    {
        if (http.User.FindFirst(TokenClaim)?.Value is { } token)
            await http.RequestServices.GetRequiredService<ConsoleSessions>().EndAsync(token);
        await http.SignOutAsync(Scheme);
    }

    /// <summary>The signed-in coordinator; only valid on a page behind the console policy.</summary>
    public static Coordinator Current(HttpContext http) =>
        Find(http) ?? throw new InvalidOperationException("page is not behind the console sign-in");

    public static Coordinator? Find(HttpContext http) => http.Items[ItemKey] as Coordinator;

    public static CookieAuthenticationEvents CookieEvents() => new()
    {
        OnValidatePrincipal = async context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<ConsoleSessions>();
            var token = context.Principal?.FindFirst(TokenClaim)?.Value;
            if (token is not null && await sessions.FindAsync(token) is { } coordinator)
            {
                context.HttpContext.Items[ItemKey] = coordinator;
                return;
            }
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        },
        // JSON endpoints (live counts, preview) answer 401/403 rather than redirecting a script to a page.
        OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized),
        OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden),
    };

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Headers.Accept.Any(a => a?.Contains("application/json") == true))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
