using System.Net.Http.Headers;
using System.Text;
using Broadcaster.Coordinators;

namespace Broadcaster.Operators;

public enum OperatorAccess { Allow, Unauthorized, Forbidden }

/// <summary>
/// Guards the operators' routes (/hangfire, /metrics): only an operator key opens them, as a Bearer token
/// or as the password of HTTP Basic authentication (browsers ask for it; any user name). A coordinator
/// key is a 403: a coordinator of one network must not delete another network's jobs. Anonymous is a 401
/// outside Development.
/// </summary>
public sealed class OperatorGate(RequestDelegate next, IHostEnvironment env)
{
    private static readonly PathString[] Guarded = ["/hangfire", "/metrics"];

    public async Task InvokeAsync(HttpContext http, OperatorStore operators, CoordinatorStore coordinators)
    {
        // A route this role does not map (a worker has no dashboard) stays a plain 404.
        if (http.GetEndpoint() is null || !Guarded.Any(p => http.Request.Path.StartsWithSegments(p)))
        {
            await next(http);
            return;
        }
        var key = KeyOf(http.Request.Headers.Authorization.ToString());
        var isOperator = key is not null && await operators.FindByKeyAsync(key) is not null;
        var isCoordinator = key is not null && !isOperator && await coordinators.FindByApiKeyAsync(key) is not null;
        switch (Decide(env.IsDevelopment(), key is not null, isOperator, isCoordinator))
        {
            case OperatorAccess.Allow:
                await next(http);
                break;
            case OperatorAccess.Forbidden:
                await Results.Problem("This page is for the deployment's operators; a coordinator key does not open it.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(http);
                break;
            default:
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Broadcaster operators\", charset=\"UTF-8\"";
                await Results.Problem("Send an operator key ('Broadcaster operator add') as 'Authorization: Bearer <key>' or as the Basic password.",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(http);
                break;
        }
    }

    public static OperatorAccess Decide(bool development, bool keyPresented, bool isOperator, bool isCoordinator) =>
        isOperator ? OperatorAccess.Allow
        : isCoordinator ? OperatorAccess.Forbidden
        : keyPresented || !development ? OperatorAccess.Unauthorized
        : OperatorAccess.Allow;

    /// <summary>The key of a Bearer or Basic (password part) Authorization header; null when absent or malformed.</summary>
    public static string? KeyOf(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var auth) || string.IsNullOrWhiteSpace(auth.Parameter))
            return null;
        if (auth.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return Bounded(auth.Parameter.Trim());
        if (!auth.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return null;
        Span<byte> buffer = stackalloc byte[512];
        if (!Convert.TryFromBase64String(auth.Parameter, buffer, out var written))
            return null;
        var pair = Encoding.UTF8.GetString(buffer[..written]);
        var colon = pair.IndexOf(':');
        return colon < 0 ? null : Bounded(pair[(colon + 1)..]);
    }

    private static string? Bounded(string key) => key.Length is > 0 and <= 256 ? key : null;
}
