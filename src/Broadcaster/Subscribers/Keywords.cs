using System.Collections.Frozen;
using System.Globalization;
using Broadcaster.Infrastructure;
using Lang = Broadcaster.Infrastructure.Language;

namespace Broadcaster.Subscribers;

public enum SubscriberVerb { OptIn, Confirm, OptOut, Help, Leave, Language, Other }

/// <summary>
/// What a subscriber asked for, whatever the channel. <see cref="Argument"/> is what follows the keyword (a county
/// or ZIP), trimmed, or for <see cref="SubscriberVerb.Language"/> the language code asked for ("" when not
/// understood), or for <see cref="SubscriberVerb.Other"/> the whole text (Telegram joins a county typed alone);
/// <see cref="Language"/> is the language the keyword itself is in, when it has one ("UNIRME" → es);
/// <see cref="AnsweredByTwilio"/> is true for the words Twilio's managed opt-out answers itself; <see cref="BySlug"/> is
/// true when the argument names an area by its slug (a Telegram deep link or button, never typed text), so that a
/// one-word slug such as "napa" joins that area rather than what the county's name would offer.
/// </summary>
public sealed record SubscriberCommand(SubscriberVerb Verb, string Argument, string? Language, bool AnsweredByTwilio = false, bool BySlug = false);

/// <summary>
/// The keyword table of DESIGN.md: English and Spanish in code (they always work), every other language's words
/// from its catalog. Matching ignores case, accents, surrounding spaces and punctuation. Choices where the table is
/// ambiguous:
/// - STOP-type words count only as the whole message ("stop sending me the old ones" is not an opt-out), but spaces
///   inside are ignored so "OPT-OUT", "STOP ALL" and "HỦY ĐĂNG KÝ" opt out too.
/// - YES/SÍ are <see cref="SubscriberVerb.Confirm"/>: from a pending number they confirm whatever follows ("Sí, gracias");
///   otherwise they act like JOIN when a county follows, and "SI" followed by something that is not a county is an
///   ordinary message ("si hay redada…" = "if there is a raid…"), answered with the hotline, not "unknown county".
/// - JOIN/START/UNSTOP/UNIRME/ALTA alone confirm a pending join, remind an active number of its counties, and ask
///   anyone else for a county; START alone after a STOP therefore asks for a county (the old ones are gone).
/// - A language's own name switches to it when it is the whole message or starts it ("中文", "Tiếng Việt").
/// - Other keywords (HELP, LEAVE, ENGLISH…) are recognised as the first word, so "Help me" gets help.
/// </summary>
public static class Keywords
{
    private static readonly FrozenDictionary<string, string?> OptOutWords = BuildOptOut();
    private static readonly FrozenDictionary<string, (SubscriberVerb Verb, string? Language)> FirstWords = BuildFirstWords();
    private static readonly (string Name, string Code)[] LanguageNames = BuildLanguageNames();

    // Twilio's own opt-out handling recognises these only as the entire message (case-insensitive, trimmed). We stay
    // silent only then: a "Stop." that Twilio might not recognise still gets our confirmation.
    private static readonly HashSet<string> TwilioWords = new(StringComparer.OrdinalIgnoreCase)
        { "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "help", "info" };

    public static SubscriberCommand Parse(string? body)
    {
        var text = body ?? "";
        var folded = TextKey.Fold(text);
        var twilio = TwilioWords.Contains(text.Trim());
        if (OptOutWords.TryGetValue(folded.Replace(" ", ""), out var stopLanguage))
            return new(SubscriberVerb.OptOut, "", stopLanguage, twilio);
        if (LanguageName(folded) is { } named)
            return new(SubscriberVerb.Language, named, named);

        var space = folded.IndexOf(' ');
        var first = space < 0 ? folded : folded[..space];
        if (!FirstWords.TryGetValue(first, out var word))
            return new(SubscriberVerb.Other, text.Trim(), null);
        var argument = AfterFirstWord(text);
        return word.Verb == SubscriberVerb.Language
            ? new(SubscriberVerb.Language, Lang.Parse(argument) ?? "", null)
            : new(word.Verb, argument, word.Language, twilio);
    }

    /// <summary>The language whose own name the message is, or starts with ("Español", "TIẾNG VIỆT", "english please").</summary>
    private static string? LanguageName(string folded)
    {
        foreach (var (name, code) in LanguageNames)
            if (folded == name || folded.StartsWith(name + " ", StringComparison.Ordinal))
                return code;
        return null;
    }

    /// <summary>The original text after its first word, without surrounding spaces and punctuation: "JOIN: 94110-1234." → "94110-1234".</summary>
    private static string AfterFirstWord(string text)
    {
        var i = 0;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            i++;
        // A word is letters plus marks: the combining accent of a decomposed "SÍ", the vowel signs of Gurmukhi.
        while (i < text.Length && (char.IsLetter(text[i]) || IsMark(text[i])))
            i++;
        return text[i..].Trim().Trim(Punctuation);
    }

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static readonly char[] Punctuation = ['.', ',', ';', ':', '!', '?', '¡', '¿', '"', '\'', '(', ')', '-', '*', ' ', '。', '،', '؟'];

    private static FrozenDictionary<string, string?> BuildOptOut()
    {
        var words = new Dictionary<string, string?>
        {
            ["stop"] = null, ["stopall"] = null, ["unsubscribe"] = null, ["cancel"] = null, ["end"] = null,
            ["quit"] = null, ["revoke"] = null, ["optout"] = null,
            ["alto"] = Lang.Spanish, ["para"] = Lang.Spanish, ["parar"] = Lang.Spanish, ["baja"] = Lang.Spanish,
            ["cancelar"] = Lang.Spanish, ["detener"] = Lang.Spanish,
        };
        foreach (var catalog in Catalog.InOrder)
            foreach (var word in catalog.OptOutWords.Append(catalog.Words.Stop))
                words.TryAdd(TextKey.Fold(word).Replace(" ", ""), catalog.Code);
        return words.ToFrozenDictionary();
    }

    private static FrozenDictionary<string, (SubscriberVerb, string?)> BuildFirstWords()
    {
        var words = new Dictionary<string, (SubscriberVerb, string?)>
        {
            ["join"] = (SubscriberVerb.OptIn, null), ["start"] = (SubscriberVerb.OptIn, null), ["unstop"] = (SubscriberVerb.OptIn, null),
            ["unirme"] = (SubscriberVerb.OptIn, Lang.Spanish), ["alta"] = (SubscriberVerb.OptIn, Lang.Spanish),
            ["yes"] = (SubscriberVerb.Confirm, null), ["si"] = (SubscriberVerb.Confirm, Lang.Spanish),
            ["help"] = (SubscriberVerb.Help, null), ["info"] = (SubscriberVerb.Help, null), ["ayuda"] = (SubscriberVerb.Help, Lang.Spanish),
            ["leave"] = (SubscriberVerb.Leave, null), ["salir"] = (SubscriberVerb.Leave, Lang.Spanish),
            ["lang"] = (SubscriberVerb.Language, null),
        };
        // A catalog's own command words (what its texts tell people to reply) must work as well.
        foreach (var c in Catalog.InOrder)
        {
            words.TryAdd(TextKey.Fold(c.Words.Join), (SubscriberVerb.OptIn, c.Code));
            words.TryAdd(TextKey.Fold(c.Words.Yes), (SubscriberVerb.Confirm, c.Code));
            words.TryAdd(TextKey.Fold(c.Words.Help), (SubscriberVerb.Help, c.Code));
            words.TryAdd(TextKey.Fold(c.Words.Leave), (SubscriberVerb.Leave, c.Code));
        }
        return words.ToFrozenDictionary();
    }

    // Longest names first, so "繁體中文" is not taken for a shorter name it starts with.
    private static (string, string)[] BuildLanguageNames() => Catalog.InOrder
        .SelectMany(c => c.LanguageWords.Select(w => (Name: TextKey.Fold(w), c.Code)))
        .Where(x => x.Name.Length > 0)
        .DistinctBy(x => x.Name)
        .OrderByDescending(x => x.Name.Length)
        .ToArray();
}
