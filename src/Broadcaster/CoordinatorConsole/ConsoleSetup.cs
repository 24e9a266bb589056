using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// The coordinator console: Razor Pages under /console behind a cookie session. Razor Pages because every
/// action is a plain form that posts and redirects, and they validate antiforgery tokens on every POST by
/// default; the pages call the same feature code (AlertDrafter, AlertActions) as the JSON API.
/// </summary>
public static class ConsoleSetup
{
    /// <summary>The rate-limiter policy of the sign-in page's POSTs, per client address.</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>Sign-in POSTs one client address may make in <see cref="SignInWindow"/> (a sign-in takes two or three).</summary>
    public const int SignInPosts = 30;
    public static readonly TimeSpan SignInWindow = TimeSpan.FromMinutes(10);

    public static WebApplicationBuilder AddCoordinatorConsole(this WebApplicationBuilder builder)
    {
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/CoordinatorConsole/Pages";
            o.Conventions.AuthorizeFolder("/", ConsoleAuth.Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "broadcaster.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request is: "Always" would make the Hangfire dashboard (which also asks for
            // tokens) a 500 over plain HTTP. The session cookie below stays Secure-only outside Development,
            // so a form token alone is worth nothing.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });
        builder.Services.AddAuthentication()
            .AddCookie(ConsoleAuth.Scheme, o =>
            {
                o.Cookie.Name = "broadcaster.console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.Cookie.Path = "/console";
                o.ExpireTimeSpan = ConsoleAuth.SessionLength;
                o.SlidingExpiration = false;
                o.LoginPath = "/console/sign-in";
                o.AccessDeniedPath = "/console/sign-in";
                o.Events = ConsoleAuth.CookieEvents();
            });
        builder.Services.AddAuthorizationBuilder().AddPolicy(ConsoleAuth.Policy, p =>
            p.AddAuthenticationSchemes(ConsoleAuth.Scheme).RequireAuthenticatedUser());
        builder.Services.AddDataProtection().SetApplicationName("Broadcaster");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new DataProtectionKeys(db));
        // The keys sit unencrypted in the database (warned about at every start). A cookie made with them still
        // needs a live session token, of which the database holds only hashes.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ConsoleText>();
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<SignInCodes>();
        builder.Services.AddSingleton<CodeSignIn>();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetSlidingWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = SignInPosts, Window = SignInWindow, SegmentsPerWindow = 10, QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = RejectedAsync;
        });
        return builder;
    }

    private static async ValueTask RejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        var language = ConsoleText.Pick(context.HttpContext);
        await response.WriteAsync(ConsoleText.In(language, "Too many sign-in attempts from your address. Wait a few minutes and try again."), ct);
    }

    public static WebApplication MapCoordinatorConsole(this WebApplication app)
    {
        // Behind a TLS-terminating proxy on this machine, the request still counts as HTTPS (Secure cookies,
        // antiforgery's SSL check) and comes from the client's address (the sign-in limit is per address).
        // Only loopback proxies are trusted (the default KnownProxies).
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor });
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseRateLimiter();
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/console") || h.Request.Path == "/", a => a.Use(SecurityHeaders.AddAsync));
        app.MapGet("/", () => TypedResults.Redirect("/console")).ExcludeFromDescription();
        app.MapGet("/console/assets/{name}", ConsoleAssets.Serve).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }
}
