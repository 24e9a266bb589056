using Broadcaster.Channels;
using Broadcaster.Infrastructure;

namespace Broadcaster.Alerts;

/// <summary>
/// The message a subscriber receives: a status label, the text, the network, the alert id and how to leave,
/// in the subscriber's language (texts fall back to English). Every fixed word here is in the GSM-7 alphabet
/// so the labels never push a GSM-7 text into UCS-2 (which would more than double its segments): hence
/// "ALERTA ACTUALIZADA" rather than "ACTUALIZACIÓN" and "ALERTA RETIRADA" rather than "RECTIFICACIÓN".
/// </summary>
public static class AlertText
{
    private sealed record Words(
        string Confirmed, string Update, string AllClear, string Retraction, string Regarding, string SmsLeave, string TelegramLeave);

    private static readonly Words English = new(
        "VERIFIED ALERT", "ALERT UPDATE", "ALL CLEAR", "RETRACTION", "re", "Reply STOP to leave", "Send /stop to leave");

    private static readonly Words Spanish = new(
        "ALERTA VERIFICADA", "ALERTA ACTUALIZADA", "TODO DESPEJADO", "ALERTA RETIRADA", "sobre", "Responde ALTO para salir", "Usa /stop para salir");

    /// <summary>The alert as a subscriber speaking <paramref name="language"/> receives it on <paramref name="channel"/>.</summary>
    public static string Render(Alert alert, string networkName, string language, string channel = ChannelName.Sms) =>
        Render(alert.Kind, alert.Id, alert.ReplyTo, networkName, language, TextFor(alert.Texts, language), channel, alert.Drill);

    public static string Render(
        string kind, long alertId, long? replyTo, string networkName, string language, string text, string channel = ChannelName.Sms,
        bool drill = false)
    {
        var words = language == Language.Spanish ? Spanish : English;
        var label = kind switch
        {
            AlertKind.Update => words.Update,
            AlertKind.AllClear => words.AllClear,
            AlertKind.Retraction => words.Retraction,
            _ => words.Confirmed,
        };
        var regarding = replyTo is { } original ? $" ({words.Regarding} #{original})" : "";
        var leave = channel == ChannelName.Telegram ? words.TelegramLeave : words.SmsLeave;
        // A drill says so first, in every language, so nobody who gets one acts on it.
        var marker = drill ? (language == Language.Spanish ? "SIMULACRO (DRILL) - " : "DRILL - ") : "";
        return $"{marker}{label} #{alertId}{regarding} - {networkName}\n{Clean(text)}\n{leave}";
    }

    /// <summary>The text in that language, else English (every alert has English).</summary>
    public static string TextFor(IReadOnlyDictionary<string, string> texts, string language) =>
        texts.TryGetValue(language, out var text) ? text : texts[Language.English];

    /// <summary>Line endings to "\n" and outer spaces trimmed: a stray "\r" costs a character in every message.</summary>
    public static string Clean(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
}
