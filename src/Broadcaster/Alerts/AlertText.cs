using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Subscribers;

namespace Broadcaster.Alerts;

/// <summary>
/// The message a subscriber receives: a status label, the text, the network, the alert id and how to leave,
/// in the subscriber's language (texts fall back to the network's fallback language). The labels come from the
/// catalogs ("alert.*"); the English and Spanish ones are in the GSM-7 alphabet so they never push a GSM-7 text
/// into UCS-2 (which would more than double its segments): hence "ALERTA ACTUALIZADA" rather than "ACTUALIZACIÓN".
/// </summary>
public static class AlertText
{
    /// <summary>
    /// The alert as a subscriber speaking <paramref name="language"/> receives it on <paramref name="channel"/>: the
    /// labels in their language, the text in it when the alert has it, else in the network's <paramref name="fallback"/>.
    /// </summary>
    public static string Render(Alert alert, string networkName, string language, string channel = ChannelName.Sms, string fallback = Language.English) =>
        Render(alert.Kind, alert.Id, alert.ReplyTo, networkName, language, TextFor(alert.Texts, language, fallback), channel, alert.Drill);

    public static string Render(
        string kind, long alertId, long? replyTo, string networkName, string language, string text, string channel = ChannelName.Sms,
        bool drill = false)
    {
        var words = Catalog.For(language);
        var label = words.Raw(kind switch
        {
            AlertKind.Update => "alert.update",
            AlertKind.AllClear => "alert.allClear",
            AlertKind.Retraction => "alert.retraction",
            _ => "alert.confirmed",
        });
        var regarding = replyTo is { } original ? $" ({words.Raw("alert.regarding")} #{original})" : "";
        var leave = words.Raw(channel == ChannelName.Telegram ? "alert.leave.telegram" : "alert.leave.sms");
        // A drill says so first, in every language, so nobody who gets one acts on it.
        var marker = drill ? (language == Language.Spanish ? "SIMULACRO (DRILL) - " : "DRILL - ") : "";
        return $"{marker}{label} #{alertId}{regarding} - {networkName}\n{Clean(text)}\n{leave}";
    }

    /// <summary>
    /// The language a subscriber of <paramref name="language"/> reads the alert in: their own when the alert has
    /// it, else the network's fallback (which every alert has), else English.
    /// </summary>
    public static string LanguageFor(IReadOnlyDictionary<string, string> texts, string language, string fallback = Language.English) =>
        texts.ContainsKey(language) ? language : texts.ContainsKey(fallback) ? fallback : Language.English;

    /// <summary>The text in that language, else the fallback's.</summary>
    public static string TextFor(IReadOnlyDictionary<string, string> texts, string language, string fallback = Language.English) =>
        texts[LanguageFor(texts, language, fallback)];

    /// <summary>NUL and other control characters (tabs and line breaks aside) cannot be sent, and break XML replies.</summary>
    public static bool HasControlCharacter(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>Line endings to "\n" and outer spaces trimmed: a stray "\r" costs a character in every message.</summary>
    public static string Clean(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
}
