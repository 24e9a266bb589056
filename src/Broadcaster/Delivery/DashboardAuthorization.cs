using System.Net.Http.Headers;
using System.Text;
using Broadcaster.Coordinators;
using Hangfire.Dashboard;

namespace Broadcaster.Delivery;

/// <summary>
/// Who may open /hangfire outside Development: anyone presenting a coordinator API key, as the
/// password of HTTP Basic authentication (any user name; browsers ask for it) or as a Bearer token.
/// Job arguments are ids only, so the dashboard shows no subscriber data.
/// </summary>
internal sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (ApiKeyOf(http.Request.Headers.Authorization.ToString()) is { } key
            && await http.RequestServices.GetRequiredService<CoordinatorStore>().FindByApiKeyAsync(key) is not null)
            return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Broadcaster operators\", charset=\"UTF-8\"";
        return false;
    }

    private static string? ApiKeyOf(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var auth) || string.IsNullOrWhiteSpace(auth.Parameter))
            return null;
        if (auth.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return auth.Parameter.Trim();
        if (!auth.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return null;
        Span<byte> buffer = stackalloc byte[512];
        if (!Convert.TryFromBase64String(auth.Parameter, buffer, out var written))
            return null;
        var pair = Encoding.UTF8.GetString(buffer[..written]);
        var colon = pair.IndexOf(':');
        return colon < 0 ? null : pair[(colon + 1)..];
    }
}
