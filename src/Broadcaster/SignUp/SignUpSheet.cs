using Broadcaster.Infrastructure;

namespace Broadcaster.SignUp;

/// <summary>
/// What one county's sign-up sheet says in one language: how to join by SMS (number and keyword), the
/// disclosures carriers require next to any SMS call to action, and the Telegram deep link the QR code holds.
/// </summary>
public sealed record SignUpSheet(
    string Language, string Title, string Network, string County, string SmsNumber, string Keyword, string SmsLine,
    string Frequency, string HelpStop, string? TelegramLine, string? DeepLink)
{
    /// <summary>https://t.me/&lt;bot&gt;?start=&lt;county-slug&gt;: the bot's /start gets the county (DESIGN, "Who uses it").</summary>
    public static string DeepLinkFor(string botUsername, string countySlug) =>
        $"https://t.me/{Uri.EscapeDataString(botUsername)}?start={Uri.EscapeDataString(countySlug)}";

    /// <param name="smsNumber">E.164, or null when no SMS sender number is configured.</param>
    /// <param name="botUsername">The Telegram bot's username, or null when Telegram is off.</param>
    public static SignUpSheet For(string language, string network, string countyName, string countySlug, string? smsNumber, string? botUsername)
    {
        var link = botUsername is null ? null : DeepLinkFor(botUsername, countySlug);
        var number = smsNumber is null ? "—" : Display(smsNumber);
        var place = countyName.ToUpperInvariant();
        return language == Infrastructure.Language.Spanish
            ? new(Infrastructure.Language.Spanish, $"Alertas de {network}: condado de {countyName}", network, countyName, number, $"UNIRME {place}",
                $"Envíe UNIRME {place} al {number} y responda SÍ para confirmar.",
                "La frecuencia de los mensajes varía. Pueden aplicar tarifas de mensajes y datos.",
                "Responda AYUDA para obtener ayuda, ALTO para cancelar.",
                link is null ? null : "O escanee el código con su teléfono para recibir las alertas en Telegram.", link)
            : new(Infrastructure.Language.English, $"{network} alerts: {countyName} County", network, countyName, number, $"JOIN {place}",
                $"Text JOIN {place} to {number}, then reply YES to confirm.",
                "Msg frequency varies. Msg & data rates may apply.",
                "Reply HELP for help, STOP to cancel.",
                link is null ? null : "Or scan the code with your phone to get the alerts on Telegram.", link);
    }

    /// <summary>"+12135550100" as "(213) 555-0100" for North American numbers; others unchanged.</summary>
    public static string Display(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal)
            ? $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}"
            : e164;
}
