using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.PublicPages;
using Broadcaster.SignUp;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Broadcaster.CoordinatorConsole.Pages.SignUp;

/// <summary>
/// One area's sign-up sheet (English then Spanish, one printed page each), its QR code as qr.png and qr.svg, and the
/// whole sheet as sheet.svg. Only for coordinators of the network serving the area (403), also where areas overlap.
/// A county area's slug is the county's, so the sheet links from before areas still work.
/// </summary>
public sealed class SheetModel(
    AreaStore areas, NetworkStore networks, SignUpKeywords keywords, TelegramBotName bot, IOptions<TwilioOptions> twilio) : PageModel
{
    public IReadOnlyList<SignUpSheet> Sheets { get; private set; } = [];
    public string AreaSlug { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string area, string? file)
    {
        var found = await areas.FindBySlugAsync(area);
        if (found is null)
            return NotFound();
        if (found.NetworkId != ConsoleAuth.Current(HttpContext).NetworkId || await networks.FindAsync(found.NetworkId) is not { } network)
            return StatusCode(StatusCodes.Status403Forbidden);
        AreaSlug = found.Slug;
        var username = await bot.GetAsync(HttpContext.RequestAborted);
        // The network's own number; a network sending through a Messaging Service has no single number to print.
        var number = network.SmsFrom ?? (network.HasOwnSender ? null : twilio.Value.From);
        var place = await keywords.ForAsync(found, network.SmsFrom is null ? null : network.Id);
        var site = PublicUrls.Base(HttpContext, twilio.Value);
        var links = new PublicLinks(PublicUrls.Network(site, network.Slug), PublicUrls.Privacy(site, network.Slug));
        Sheets = [.. new[] { Language.English, Language.Spanish }.Select(l =>
            SignUpSheet.For(l, network.Name, found.Name, found.WholeCountyName, found.Slug, place, number, username, links))];
        var link = Sheets[0].DeepLink;
        return file switch
        {
            null => Page(),
            "qr.png" when link is not null => File(QrCodes.Png(link), "image/png"),
            "qr.svg" when link is not null => Content(QrCodes.Svg(link), "image/svg+xml"),
            "sheet.svg" => Content(SheetSvg.Render(Sheets, link), "image/svg+xml"),
            _ => NotFound(),
        };
    }
}
