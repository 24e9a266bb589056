using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Broadcaster.Infrastructure;

namespace Broadcaster.Subscribers;

/// <summary>The SMS keywords a catalog spells its commands with (<c>words</c>), and its extra keywords.</summary>
public sealed record CatalogWords(string Join, string Leave, string Stop, string Help, string Yes, string All);

/// <summary>
/// One language's subscriber texts, read from the embedded Subscribers/Catalog/&lt;code&gt;.json that a translator
/// edits. A template's <c>{name}</c> is filled from the caller's values first, then from the catalog's own keys
/// (<c>{rates}</c>, <c>{joinHint}</c>), so shared phrases are translated once.
/// </summary>
public sealed partial class Catalog
{
    private readonly FrozenDictionary<string, string> _texts;

    private Catalog(string code, string name, string review, CatalogWords words,
        IReadOnlyList<string> languageWords, IReadOnlyList<string> optOutWords, Dictionary<string, string> texts)
    {
        Code = code;
        Name = name;
        Review = review;
        Words = words;
        LanguageWords = languageWords;
        OptOutWords = optOutWords;
        _texts = texts.ToFrozenDictionary();
    }

    public string Code { get; }
    /// <summary>The language's own name, as on its Telegram button.</summary>
    public string Name { get; }
    /// <summary>Who reviewed the translation: "machine-drafted" until a native speaker signs off.</summary>
    public string Review { get; }
    public CatalogWords Words { get; }
    /// <summary>Messages that switch to this language (its own name), besides <c>LANG &lt;code&gt;</c>.</summary>
    public IReadOnlyList<string> LanguageWords { get; }
    /// <summary>This language's common opt-out words, beyond the English and Spanish ones that always work.</summary>
    public IReadOnlyList<string> OptOutWords { get; }
    public IEnumerable<string> Keys => _texts.Keys;

    /// <summary>Every supported language's catalog, by code; loaded once.</summary>
    public static readonly FrozenDictionary<string, Catalog> All = Language.Supported.ToFrozenDictionary(c => c, Load);

    /// <summary>The catalogs in <see cref="Language.Supported"/> order: where two share a keyword, the first keeps it.</summary>
    public static IEnumerable<Catalog> InOrder => Language.Supported.Select(c => All[c]);

    /// <summary>The catalog of <paramref name="code"/>, English for anything unknown.</summary>
    public static Catalog For(string? code) => code is not null && All.TryGetValue(code, out var c) ? c : All[Language.English];

    public string Raw(string key) => _texts.TryGetValue(key, out var t) ? t : All[Language.English]._texts[key];

    /// <summary>The template of <paramref name="key"/> with its placeholders filled.</summary>
    public string Text(string key, IReadOnlyDictionary<string, string>? values = null) =>
        Placeholder().Replace(Raw(key), m =>
        {
            var name = m.Groups[1].Value;
            if (values is not null && values.TryGetValue(name, out var value))
                return value;
            return _texts.ContainsKey(name) ? Text(name, values) : m.Value;
        });

    /// <summary>The placeholders a template uses, for the catalog completeness test.</summary>
    public static IReadOnlySet<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToHashSet();

    private static Catalog Load(string code)
    {
        var resource = $"catalog/{code}.json";
        using var stream = typeof(Catalog).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"language catalog {resource} is not embedded");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var w = root.GetProperty("words");
        var words = new CatalogWords(Str(w, "join"), Str(w, "leave"), Str(w, "stop"), Str(w, "help"), Str(w, "yes"), Str(w, "all"));
        var keywords = root.GetProperty("keywords");
        var texts = root.GetProperty("texts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        return new Catalog(code, Str(root, "name"), Str(root, "review"), words,
            List(keywords, "language"), List(keywords, "optOut"), texts);
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    private static List<string> List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z.]*)\}")]
    private static partial Regex Placeholder();
}
