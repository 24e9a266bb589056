namespace Broadcaster.Infrastructure;

/// <summary>Subscriber languages. English and Spanish are first-class; texts fall back to English.</summary>
public static class Language
{
    public const string English = "en";
    public const string Spanish = "es";

    public static readonly IReadOnlyList<string> Supported = [English, Spanish];

    /// <summary>"EN", "english", "Español", "spanish", "es-MX" to a supported code, else null.</summary>
    public static string? Parse(string? text) => TextKey.Fold(text) switch
    {
        "en" or "eng" or "english" or "ingles" => English,
        "es" or "esp" or "espanol" or "spanish" or "castellano" => Spanish,
        var s when s.StartsWith("en ") => English,
        var s when s.StartsWith("es ") => Spanish,
        _ => null,
    };
}
