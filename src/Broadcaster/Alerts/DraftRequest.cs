using System.Text.Json;
using System.Text.RegularExpressions;

namespace Broadcaster.Alerts;

/// <summary>
/// What a coordinator asks to draft. <see cref="Areas"/> are area slugs or counties (a county names the network's area
/// that is that county); empty for a follow-up (it takes the original's). <see cref="Drill"/> may be null
/// (a follow-up keeps its original's flag, a new alert is real).
/// </summary>
public sealed partial record DraftRequest(IReadOnlyList<string> Areas, IReadOnlyDictionary<string, string> Texts, string Kind, long? ReplyTo, bool? Drill = null)
{
    /// <summary>
    /// Reads the API body by hand rather than by model binding, so each mistake gets a sentence naming the
    /// field (binding would only say "bad request").
    /// </summary>
    public static (DraftRequest? Request, string? Error) FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return Fail("The body must be a JSON object such as {\"areas\":[\"long-beach\"],\"texts\":{\"en\":\"...\",\"es\":\"...\"}}.");
        var known = new HashSet<string> { "areas", "counties", "texts", "kind", "replyTo", "drill" };
        if (body.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            return Fail($"Unknown field '{unknown}': expected areas (or counties), texts, kind, replyTo and drill.");

        // "counties" is the body from before areas: a county slug names the network's area that is that county.
        var areas = new List<string>();
        foreach (var (field, example) in new[] { ("areas", "long-beach"), ("counties", "los-angeles") })
        {
            if (!body.TryGetProperty(field, out var c) || c.ValueKind == JsonValueKind.Null)
                continue;
            if (c.ValueKind != JsonValueKind.Array || c.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                return Fail($"'{field}' must be an array of {(field == "areas" ? "area" : "county")} slugs, e.g. [\"{example}\"].");
            var names = c.EnumerateArray().Select(e => e.GetString()!.Trim()).ToList();
            if (names.Any(string.IsNullOrEmpty))
                return Fail($"'{field}' must not contain empty names.");
            areas.AddRange(names);
        }

        if (!body.TryGetProperty("texts", out var t) || t.ValueKind == JsonValueKind.Null)
            return Fail("'texts' is required: an object of language code to text, with at least \"en\".");
        if (t.ValueKind != JsonValueKind.Object)
            return Fail("'texts' must be an object of language code to text, e.g. {\"en\":\"...\",\"es\":\"...\"}.");
        var texts = new Dictionary<string, string>();
        foreach (var p in t.EnumerateObject())
        {
            var lower = p.Name.Trim().ToLowerInvariant();
            if (!LanguageCode().IsMatch(lower))
                return Fail($"'{p.Name}' is not a language code (use codes such as en, es, zh-Hant, vi).");
            // "zh-hant" and "ZH-Hant" are zh-Hant; an unsupported code is kept as given and refused by the drafter.
            var code = Infrastructure.Language.Supported.FirstOrDefault(s => s.Equals(lower, StringComparison.OrdinalIgnoreCase)) ?? lower;
            if (p.Value.ValueKind != JsonValueKind.String)
                return Fail($"texts.{code} must be a string.");
            if (!texts.TryAdd(code, AlertText.Clean(p.Value.GetString()!)))
                return Fail($"texts has '{code}' twice.");
            if (texts[code].Length == 0)
                return Fail($"texts.{code} is empty.");
        }

        var kind = AlertKind.Confirmed;
        if (body.TryGetProperty("kind", out var k) && k.ValueKind != JsonValueKind.Null)
        {
            if (k.ValueKind != JsonValueKind.String || !AlertKind.All.Contains(k.GetString()!.Trim().ToLowerInvariant()))
                return Fail($"'kind' must be one of {string.Join(", ", AlertKind.All)}.");
            kind = k.GetString()!.Trim().ToLowerInvariant();
        }

        long? replyTo = null;
        if (body.TryGetProperty("replyTo", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Number || !r.TryGetInt64(out var id) || id <= 0)
                return Fail("'replyTo' must be the id (a positive number) of an earlier alert.");
            replyTo = id;
        }
        bool? drill = null;
        if (body.TryGetProperty("drill", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Fail("'drill' must be true or false.");
            drill = d.GetBoolean();
        }
        return (new DraftRequest(areas, texts, kind, replyTo, drill), null);
    }

    private static (DraftRequest?, string?) Fail(string message) => (null, message);

    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{2,8})?$")]
    private static partial Regex LanguageCode();
}
