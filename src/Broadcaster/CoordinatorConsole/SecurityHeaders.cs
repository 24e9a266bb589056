namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// Console responses allow nothing but the app's own files: no inline script or style, no framing, forms
/// only to ourselves. Live updates therefore live in a served .js file and progress in a &lt;progress&gt; element.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static Task AddAsync(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Exactly what antiforgery sets on a page with a form token: anything else it "overrides" with a two-line
        // warning per page (162 lines in one short session).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return next();
    }
}
