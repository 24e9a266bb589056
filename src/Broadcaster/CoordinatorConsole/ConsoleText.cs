using Microsoft.Net.Http.Headers;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// The console's words in the coordinator's language: the one they picked (a cookie), else the first of
/// en/es in Accept-Language, else English. Views write <c>@T["Sign in"]</c>; the English text is the key.
/// </summary>
public sealed class ConsoleText(IHttpContextAccessor accessor)
{
    public const string CookieName = "broadcaster.lang";
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    private string? _language;

    public string Language => _language ??= Pick(accessor.HttpContext);

    public string this[string english] => In(Language, english);

    /// <summary>A sentence with placeholders ({0}…), translated first, then filled.</summary>
    public string Format(string english, params object?[] args) => In(Language, english, args);

    /// <summary>The same outside a request (a background job), in a language picked earlier.</summary>
    public static string In(string language, string english, params object?[] args)
    {
        var text = language == "es" && ConsoleStrings.Spanish.TryGetValue(english, out var spanish) ? spanish : english;
        return args.Length == 0 ? text : string.Format(System.Globalization.CultureInfo.InvariantCulture, text, args);
    }

    public static string Pick(HttpContext? http)
    {
        if (http is null)
            return "en";
        if (http.Request.Cookies.TryGetValue(CookieName, out var picked) && Languages.Contains(picked))
            return picked;
        return FromAcceptLanguage(http.Request.Headers.AcceptLanguage.ToString());
    }

    /// <summary>The most preferred of en/es in an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8" → es).</summary>
    public static string FromAcceptLanguage(string header)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header.Split(',', StringSplitOptions.TrimEntries), out var values))
            return "en";
        return values
            .Where(v => v.Quality is null or > 0)
            .OrderByDescending(v => v.Quality ?? 1)
            .Select(v => v.Value.ToString().Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(Languages.Contains) ?? "en";
    }
}
