namespace Broadcaster.Coordinators;

/// <summary>
/// Endpoint filter for the coordinator API: `Authorization: Bearer &lt;api key&gt;`. A missing, malformed or
/// unknown key is a 401 problem (never a 500); the coordinator found is kept for the handler, which scopes
/// everything to their network.
/// </summary>
public sealed class CoordinatorAuth(CoordinatorStore coordinators) : IEndpointFilter
{
    private static readonly object ItemKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers.Authorization;
        if (headers.Count != 1 || BearerKey(headers[0]) is not { } key)
            return Unauthorized(http, "Send your coordinator API key as 'Authorization: Bearer <key>'.");
        if (await coordinators.FindByApiKeyAsync(key) is not { } coordinator)
            return Unauthorized(http, "Unknown or revoked API key.");
        http.Items[ItemKey] = coordinator;
        return await next(context);
    }

    /// <summary>The authenticated coordinator; only valid behind this filter.</summary>
    public static Coordinator Current(HttpContext http) =>
        http.Items[ItemKey] as Coordinator ?? throw new InvalidOperationException("endpoint is not behind CoordinatorAuth");

    private static string? BearerKey(string? header)
    {
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var key = header[scheme.Length..].Trim();
        return key.Length is > 0 and <= 256 && !key.Any(char.IsWhiteSpace) ? key : null;
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
