using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Broadcaster.Infrastructure;
using Broadcaster.Subscribers;

namespace Broadcaster.PublicPages;

/// <summary>
/// The public pages' texts in one language, from the embedded PublicPages/Texts/&lt;code&gt;.json. A template's
/// <c>{name}</c> is filled from the caller's values, then from the subscriber catalog of the same language
/// (<c>{rates}</c>, <c>{help}</c>, <c>{stop}</c>, <c>{yes}</c>), so the carrier wording is the same one the welcome text uses.
/// </summary>
public sealed partial class PublicTexts
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> All =
        Language.Supported.ToFrozenDictionary(c => c, Load);

    private readonly FrozenDictionary<string, string> _texts;

    private PublicTexts(string code)
    {
        Code = code;
        Catalog = Catalog.For(code);
        _texts = All[code];
    }

    public string Code { get; }
    public Catalog Catalog { get; }

    /// <summary>Right-to-left scripts (the page's dir attribute).</summary>
    public bool RightToLeft => Code is "ar" or "fa";

    public static PublicTexts For(string code) => new(All.ContainsKey(code) ? code : Language.English);

    /// <summary>Every key every language must have (English's).</summary>
    public static IEnumerable<string> Keys => All[Language.English].Keys;

    public static bool Has(string code, string key) => All.TryGetValue(code, out var t) && t.ContainsKey(key);

    public string this[string key] => Text(key);

    public string Text(string key, IReadOnlyDictionary<string, string>? values = null)
    {
        var template = _texts.TryGetValue(key, out var t) ? t : All[Language.English][key];
        return Placeholder().Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            if (values is not null && values.TryGetValue(name, out var value))
                return value;
            return name switch
            {
                "rates" => Catalog.Raw("rates"),
                // The SMS spells these in GSM-7 ("Rapida", "SI"); a page may keep the accents (both answers work).
                "program" => _texts.GetValueOrDefault("program") ?? Catalog.Raw("program.general"),
                "help" => Catalog.Words.Help,
                "stop" => Catalog.Words.Stop,
                "yes" => _texts.GetValueOrDefault("yes") ?? Catalog.Words.Yes,
                "join" => Catalog.Words.Join,
                _ => m.Value,
            };
        });
    }

    private static FrozenDictionary<string, string> Load(string code)
    {
        using var stream = typeof(PublicTexts).Assembly.GetManifestResourceStream($"public/{code}.json")
            ?? throw new InvalidOperationException($"PublicPages/Texts/{code}.json is not embedded");
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        texts.Remove("review");
        return texts.ToFrozenDictionary();
    }

    [GeneratedRegex(@"\{([a-z.]+)\}")]
    private static partial Regex Placeholder();
}
