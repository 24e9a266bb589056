using System.Xml.Linq;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.SignUp;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Broadcaster.PublicPages;

/// <summary>
/// The public pages of each network (no sign-in): /n/&lt;network&gt; (how to join), /n/&lt;network&gt;/privacy
/// (privacy policy and SMS terms), and, when the network turned it on, its alert feed. These are the pages a
/// carrier's 10DLC reviewer checks and the sign-up sheets point residents to.
/// </summary>
public static class PublicPagesSetup
{
    private const string Policy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplicationBuilder AddPublicPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicPageStore>();
        return builder;
    }

    public static WebApplication MapPublicPages(this WebApplication app)
    {
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/n"), a => a.Use(AddHeaders));
        var n = app.MapGroup("/n").AllowAnonymous().ExcludeFromDescription();
        n.MapGet("/_assets/public.css", () => Results.Bytes(Css.Value, "text/css; charset=utf-8"));
        n.MapGet("/_assets/icon.svg", () => Results.Bytes(Icon.Value, "image/svg+xml"));
        n.MapGet("/{network}", JoinAsync);
        n.MapGet("/{network}/privacy", PrivacyAsync);
        n.MapGet("/{network}/qr/{area}.svg", QrAsync);
        n.MapGet("/{network}/alerts.atom", FeedAsync);
        n.MapGet("/{network}/alerts/{id:long}.cap", CapAsync);
        return app;
    }

    private static Task AddHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "public, max-age=300";
        headers.Vary = "Accept-Language";
        return next();
    }

    private static async Task<IResult> JoinAsync(string network, HttpContext http, NetworkStore networks, PublicPageStore store,
        AreaStore areaStore, SignUpKeywords keywords, TelegramBotName bot, IOptions<TwilioOptions> twilio)
    {
        if (await networks.FindBySlugAsync(network) is not { } found)
            return NotFound();
        var t = PublicTexts.For(LanguageOf(http.Request));
        var username = await bot.GetAsync(http.RequestAborted);
        var areas = new List<JoinArea>();
        foreach (var a in await store.AreasAsync(found.Id))
        {
            // The words the sign-up sheet prints: checked to join exactly this area at the number the page shows.
            var place = await areaStore.FindBySlugAsync(a.Slug) is { } area ? await keywords.ForAsync(area, found.SmsFrom is null ? null : found.Id) : a.Slug;
            areas.Add(new JoinArea(a.Name, $"{t.Catalog.Words.Join} {place.ToUpperInvariant()}",
                username is null ? null : SignUpSheet.DeepLinkFor(username, a.Slug),
                username is null ? null : $"/n/{found.Slug}/qr/{a.Slug}.svg"));
        }
        return new RazorView<JoinPage>("/PublicPages/Views/Join.cshtml",
            new(t, found, $"/n/{found.Slug}", Number(found, twilio.Value), found.Hotline, await store.FeedOnAsync(found.Id), areas));
    }

    private static async Task<IResult> PrivacyAsync(string network, HttpContext http, NetworkStore networks, PublicPageStore store,
        IOptions<TwilioOptions> twilio, IOptions<BroadcasterOptions> options)
    {
        if (await networks.FindBySlugAsync(network) is not { } found)
            return NotFound();
        var t = PublicTexts.For(LanguageOf(http.Request));
        var days = (int)Math.Ceiling(options.Value.DeliveryRetention.TotalDays);
        return new RazorView<PrivacyPage>("/PublicPages/Views/Privacy.cshtml",
            new(t, found, $"/n/{found.Slug}/privacy", Number(found, twilio.Value), found.Hotline, await store.FeedOnAsync(found.Id), days));
    }

    private static async Task<IResult> QrAsync(string network, string area, HttpContext http, NetworkStore networks, PublicPageStore store, TelegramBotName bot)
    {
        if (await networks.FindBySlugAsync(network) is not { } found || !(await store.AreasAsync(found.Id)).Any(a => a.Slug == area))
            return NotFound();
        if (await bot.GetAsync(http.RequestAborted) is not { } username)
            return NotFound();
        return Results.Text(QrCodes.Svg(SignUpSheet.DeepLinkFor(username, area)), "image/svg+xml");
    }

    private static async Task<IResult> FeedAsync(string network, HttpContext http, NetworkStore networks, PublicPageStore store,
        IOptions<TwilioOptions> twilio, TimeProvider clock)
    {
        if (await networks.FindBySlugAsync(network) is not { } found || !await store.FeedOnAsync(found.Id))
            return NotFound();
        var alerts = await store.RecentAsync(found.Id);
        return Xml(PublicFeed.AtomFeed(PublicUrls.Base(http, twilio.Value), found, alerts, clock.GetUtcNow()), "application/atom+xml");
    }

    private static async Task<IResult> CapAsync(string network, long id, HttpContext http, NetworkStore networks, PublicPageStore store,
        IOptions<TwilioOptions> twilio)
    {
        if (await networks.FindBySlugAsync(network) is not { } found || !await store.FeedOnAsync(found.Id))
            return NotFound();
        if (await store.FindAsync(found.Id, id) is not { } alert)
            return NotFound();
        var original = alert.ReplyTo is { } replyTo ? await store.FindAsync(found.Id, replyTo) : null;
        var areas = await store.AlertAreasAsync(alert.Id);
        return Xml(PublicFeed.CapAlert(PublicUrls.Base(http, twilio.Value), found, alert, original, areas), "application/cap+xml");
    }

    private static readonly Lazy<byte[]> Css = new(() => Resource("public/public.css"));
    private static readonly Lazy<byte[]> Icon = new(() => Resource("public/icon.svg"));

    private static byte[] Resource(string name)
    {
        using var stream = typeof(PublicPagesSetup).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IResult NotFound() => Results.Problem("There is no such page.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Xml(XDocument document, string contentType) =>
        Results.Text(document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting), contentType + "; charset=utf-8");

    /// <summary>The network's own number, else the default one; a Messaging Service has no single number to show.</summary>
    private static string? Number(Network network, TwilioOptions twilio)
    {
        var e164 = network.SmsFrom ?? (network.HasOwnSender ? null : twilio.From);
        return string.IsNullOrWhiteSpace(e164) ? null : SignUpSheet.Display(e164);
    }


    /// <summary>?lang= first, then the browser's Accept-Language in order of preference, else English.</summary>
    internal static string LanguageOf(HttpRequest request)
    {
        if (Language.Parse(request.Query["lang"].ToString()) is { } chosen)
            return chosen;
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var tags))
            foreach (var tag in tags.OrderByDescending(t => t.Quality ?? 1))
                if (tag.Value.Value is { } value && Parse(value) is { } code)
                    return code;
        return Language.English;
    }

    private static string? Parse(string tag) =>
        tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Language.FromTag(tag) : Language.Parse(tag);
}
