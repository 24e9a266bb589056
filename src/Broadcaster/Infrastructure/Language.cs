namespace Broadcaster.Infrastructure;

/// <summary>
/// Subscriber languages (DESIGN.md "Languages"). English and Spanish are first-class; every other text comes from
/// its catalog (Subscribers/Catalog/&lt;code&gt;.json), and an alert without a text in the subscriber's language
/// falls back to the network's fallback language.
/// </summary>
public static class Language
{
    public const string English = "en";
    public const string Spanish = "es";

    public static readonly IReadOnlyList<string> Supported =
        [English, Spanish, "zh-Hant", "zh-Hans", "vi", "tl", "ko", "hy", "fa", "ru", "pa", "ar"];

    // Folded (TextKey) code, regional variant or English name → code. "zh" alone is Traditional: most of
    // California's Chinese-reading residents read Traditional characters.
    private static readonly Dictionary<string, string> Names = new()
    {
        ["en"] = English, ["eng"] = English, ["english"] = English, ["ingles"] = English,
        ["es"] = Spanish, ["esp"] = Spanish, ["espanol"] = Spanish, ["spanish"] = Spanish, ["castellano"] = Spanish,
        ["zh"] = "zh-Hant", ["zh hant"] = "zh-Hant", ["zh tw"] = "zh-Hant", ["zh hk"] = "zh-Hant", ["chinese"] = "zh-Hant",
        ["traditional chinese"] = "zh-Hant", ["cantonese"] = "zh-Hant",
        ["zh hans"] = "zh-Hans", ["zh cn"] = "zh-Hans", ["simplified chinese"] = "zh-Hans", ["mandarin"] = "zh-Hans",
        ["vi"] = "vi", ["vietnamese"] = "vi", ["tl"] = "tl", ["fil"] = "tl", ["tagalog"] = "tl", ["filipino"] = "tl",
        ["ko"] = "ko", ["korean"] = "ko", ["hy"] = "hy", ["armenian"] = "hy", ["fa"] = "fa", ["farsi"] = "fa", ["persian"] = "fa",
        ["ru"] = "ru", ["russian"] = "ru", ["pa"] = "pa", ["punjabi"] = "pa", ["ar"] = "ar", ["arabic"] = "ar",
    };

    /// <summary>"EN", "english", "zh-Hant", "zh-TW", "vi", "es-MX" to a supported code, else null.</summary>
    public static string? Parse(string? text)
    {
        var folded = TextKey.Fold(text);
        if (Names.TryGetValue(folded, out var code))
            return code;
        // A regional tag of a language we have: "es-MX", "ko-KR", "ar-EG" (but never "zh-xx": script matters there).
        var space = folded.IndexOf(' ');
        return space > 0 && folded[..space] != "zh" && Names.TryGetValue(folded[..space], out code) && code.Length == 2 ? code : null;
    }

    /// <summary>The supported code for a Telegram app's IETF tag ("es-MX", "zh-TW", "vi"), English when none fits.</summary>
    public static string FromTag(string? tag) => tag?.ToLowerInvariant() switch
    {
        null or "" => English,
        "zh-hans" or "zh-cn" or "zh-sg" => "zh-Hans",
        var t when t.StartsWith("zh") => "zh-Hant",
        var t when t.StartsWith("fil") => "tl",
        var t => Parse(t) is { Length: 2 } code ? code : English,
    };

}
