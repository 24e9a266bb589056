using Broadcaster.Infrastructure;
using Lang = Broadcaster.Infrastructure.Language;

namespace Broadcaster.Channels.Sms;

public enum SmsKeyword { OptIn, Confirm, OptOut, Help, Leave, Language, Other }

/// <summary>
/// A parsed inbound SMS. <see cref="Argument"/> is what follows the keyword (a county or ZIP), trimmed, or for
/// <see cref="SmsKeyword.Language"/> the language code asked for ("" when not understood);
/// <see cref="Language"/> is the language the keyword itself is in, when it has one ("UNIRME" → es);
/// <see cref="AnsweredByTwilio"/> is true for the words Twilio's managed opt-out answers itself.
/// </summary>
public sealed record SmsCommand(SmsKeyword Keyword, string Argument, string? Language, bool AnsweredByTwilio);

/// <summary>
/// The SMS keyword table of DESIGN.md, English and Spanish. Matching ignores case, accents, surrounding spaces and
/// punctuation. Choices where the table is ambiguous:
/// - STOP-type words count only as the whole message ("stop sending me the old ones" is not an opt-out), but spaces
///   inside are ignored so "OPT-OUT" and "STOP ALL" opt out too.
/// - YES/SÍ are <see cref="SmsKeyword.Confirm"/>: from a pending number they confirm whatever follows ("Sí, gracias");
///   otherwise they act like JOIN when a county follows, and "SI" followed by something that is not a county is an
///   ordinary message ("si hay redada…" = "if there is a raid…"), answered with the hotline, not "unknown county".
/// - JOIN/START/UNSTOP/UNIRME/ALTA alone confirm a pending join, remind an active number of its counties, and ask
///   anyone else for a county; START alone after a STOP therefore asks for a county (the old ones are gone).
/// - Other keywords (HELP, LEAVE, ENGLISH…) are recognised as the first word, so "Help me" gets help.
/// </summary>
public static class SmsKeywords
{
    private static readonly Dictionary<string, string?> OptOutWords = new()
    {
        ["stop"] = null, ["stopall"] = null, ["unsubscribe"] = null, ["cancel"] = null, ["end"] = null,
        ["quit"] = null, ["revoke"] = null, ["optout"] = null,
        ["alto"] = Lang.Spanish, ["para"] = Lang.Spanish,
        ["parar"] = Lang.Spanish, ["baja"] = Lang.Spanish,
        ["cancelar"] = Lang.Spanish, ["detener"] = Lang.Spanish,
    };

    private static readonly Dictionary<string, (SmsKeyword Keyword, string? Language)> FirstWords = new()
    {
        ["join"] = (SmsKeyword.OptIn, null), ["start"] = (SmsKeyword.OptIn, null), ["unstop"] = (SmsKeyword.OptIn, null),
        ["unirme"] = (SmsKeyword.OptIn, Lang.Spanish), ["alta"] = (SmsKeyword.OptIn, Lang.Spanish),
        ["yes"] = (SmsKeyword.Confirm, null), ["si"] = (SmsKeyword.Confirm, Lang.Spanish),
        ["help"] = (SmsKeyword.Help, null), ["info"] = (SmsKeyword.Help, null), ["ayuda"] = (SmsKeyword.Help, Lang.Spanish),
        ["leave"] = (SmsKeyword.Leave, null), ["salir"] = (SmsKeyword.Leave, Lang.Spanish),
        ["english"] = (SmsKeyword.Language, null), ["espanol"] = (SmsKeyword.Language, null), ["lang"] = (SmsKeyword.Language, null),
    };

    // Twilio's own opt-out handling recognises these only as the entire message (case-insensitive, trimmed). We stay
    // silent only then: a "Stop." that Twilio might not recognise still gets our confirmation.
    private static readonly HashSet<string> TwilioWords = new(StringComparer.OrdinalIgnoreCase)
        { "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "help", "info" };

    public static SmsCommand Parse(string? body)
    {
        var text = body ?? "";
        var folded = TextKey.Fold(text);
        var twilio = TwilioWords.Contains(text.Trim());
        if (OptOutWords.TryGetValue(folded.Replace(" ", ""), out var stopLanguage))
            return new SmsCommand(SmsKeyword.OptOut, "", stopLanguage, twilio);

        var space = folded.IndexOf(' ');
        var first = space < 0 ? folded : folded[..space];
        if (!FirstWords.TryGetValue(first, out var word))
            return new SmsCommand(SmsKeyword.Other, "", null, false);
        var argument = AfterFirstWord(text);
        return word.Keyword switch
        {
            SmsKeyword.Language when first == "english" => new(SmsKeyword.Language, Lang.English, Lang.English, false),
            SmsKeyword.Language when first == "espanol" => new(SmsKeyword.Language, Lang.Spanish, Lang.Spanish, false),
            SmsKeyword.Language => new(SmsKeyword.Language, Lang.Parse(argument) ?? "", null, false),
            _ => new(word.Keyword, argument, word.Language, twilio),
        };
    }

    /// <summary>The original text after its first word, without surrounding spaces and punctuation: "JOIN: 94110-1234." → "94110-1234".</summary>
    private static string AfterFirstWord(string text)
    {
        var i = 0;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            i++;
        // A word is letters plus the combining accents of a decomposed "SÍ".
        while (i < text.Length && (char.IsLetter(text[i]) || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            i++;
        return text[i..].Trim().Trim(Punctuation);
    }

    private static readonly char[] Punctuation = ['.', ',', ';', ':', '!', '?', '¡', '¿', '"', '\'', '(', ')', '-', '*', ' '];
}
