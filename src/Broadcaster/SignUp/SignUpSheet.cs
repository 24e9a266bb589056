using Broadcaster.Infrastructure;

namespace Broadcaster.SignUp;

/// <summary>
/// What one area's sign-up sheet says in one language: how to join by SMS (number and keyword), the disclosures
/// carriers require next to any SMS call to action, and the Telegram deep link the QR code holds.
/// </summary>
public sealed record SignUpSheet(
    string Language, string Title, string Network, string Place, string SmsNumber, string Keyword, string SmsLine,
    string Frequency, string HelpStop, string? TelegramLine, string? DeepLink, string AboutLabel, string PrivacyLabel, PublicLinks Links)
{
    /// <summary>https://t.me/&lt;bot&gt;?start=&lt;area-slug&gt;: the bot's /start gets the area (DESIGN, "Who uses it").</summary>
    public static string DeepLinkFor(string botUsername, string areaSlug) =>
        $"https://t.me/{Uri.EscapeDataString(botUsername)}?start={Uri.EscapeDataString(areaSlug)}";

    /// <param name="areaName">The area's name ("Long Beach"), used when it is not exactly one county.</param>
    /// <param name="countyName">The county the area is exactly ("Napa"), else null: the sheet then says "Napa County".</param>
    /// <param name="place">What follows JOIN on the sheet (see <see cref="SignUpKeywords"/>), as typed: it is shown in capitals.</param>
    /// <param name="smsNumber">E.164, or null when no SMS sender number is configured.</param>
    /// <param name="botUsername">The Telegram bot's username, or null when Telegram is off.</param>
    /// <param name="links">The network's public pages: what a carrier's reviewer checks next to the call to action.</param>
    public static SignUpSheet For(string language, string network, string areaName, string? countyName, string areaSlug, string place,
        string? smsNumber, string? botUsername, PublicLinks links)
    {
        var link = botUsername is null ? null : DeepLinkFor(botUsername, areaSlug);
        var number = smsNumber is null ? "—" : Display(smsNumber);
        var keyword = place.ToUpperInvariant();
        return language == Infrastructure.Language.Spanish
            ? new(Infrastructure.Language.Spanish,
                $"Alertas de {network}: {(countyName is null ? areaName : $"condado de {countyName}")}", network, countyName ?? areaName,
                number, $"UNIRME {keyword}",
                $"Envíe UNIRME {keyword} al {number} y responda SÍ para confirmar.",
                "La frecuencia de los mensajes varía. Pueden aplicar tarifas de mensajes y datos.",
                "Responda AYUDA para obtener ayuda, ALTO para cancelar.",
                link is null ? null : "O escanee el código con su teléfono para recibir las alertas en Telegram.", link,
                "Sobre este servicio", "Privacidad y condiciones de SMS", links)
            : new(Infrastructure.Language.English,
                $"{network} alerts: {(countyName is null ? areaName : $"{countyName} County")}", network, countyName ?? areaName,
                number, $"JOIN {keyword}",
                $"Text JOIN {keyword} to {number}, then reply YES to confirm.",
                "Msg frequency varies. Msg & data rates may apply.",
                "Reply HELP for help, STOP to cancel.",
                link is null ? null : "Or scan the code with your phone to get the alerts on Telegram.", link,
                "About this service", "Privacy policy and SMS terms", links);
    }

    /// <summary>"+12135550100" as "(213) 555-0100" for North American numbers; others unchanged.</summary>
    public static string Display(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal)
            ? $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}"
            : e164;
}

/// <summary>
/// A network's public pages as a printed sheet names them (absolute URLs): /n/&lt;network&gt; (how to join, what is sent,
/// HELP/STOP, rates) and its privacy policy with the SMS terms; carriers reject campaigns whose opt-in does not show them.
/// </summary>
public sealed record PublicLinks(string Page, string Privacy);
