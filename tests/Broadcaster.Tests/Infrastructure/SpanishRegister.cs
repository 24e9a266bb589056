using System.Text.RegularExpressions;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>
/// The common forms that give away a Spanish text's register: "tú" (tu, tienes, puedes, responde...) or "usted" (usted,
/// responda, escriba...). Only forms that cannot be read as the third person are listed ("su", "puede", "envía" can), so a
/// hit is a real slip from one register into the other.
/// </summary>
public static partial class SpanishRegister
{
    private static readonly HashSet<string> Tu = new(StringComparer.OrdinalIgnoreCase)
    {
        "tú", "tu", "tus", "te", "ti", "contigo", "tuyo", "tuya",
        "tienes", "puedes", "quieres", "recibes", "recibirás", "estás", "eres", "sigues", "debes", "necesitas", "vives",
        "dejaste", "cancelaste", "pediste", "elegiste",
        "elige", "escribe", "responde", "intenta", "inténtalo", "vuelve", "ignora", "escanea", "únete", "suscríbete",
        "inscríbete", "envíame", "pídeselo", "revísalo", "espera", "pide", "usa", "indica", "revisa", "prueba",
    };

    private static readonly HashSet<string> Usted = new(StringComparer.OrdinalIgnoreCase)
    {
        "usted", "ustedes",
        "elija", "escriba", "responda", "intente", "inténtelo", "vuelva", "ignore", "escanee", "únase", "suscríbase",
        "inscríbase", "envíeme", "pídaselo", "revíselo", "espere", "pida", "use", "indique", "revise", "pruebe", "inicie",
    };

    /// <summary>The words of <paramref name="text"/> that belong to the "tú" register.</summary>
    public static IReadOnlyList<string> TuForms(string text) => Words(text).Where(Tu.Contains).ToList();

    /// <summary>The words of <paramref name="text"/> that belong to the "usted" register.</summary>
    public static IReadOnlyList<string> UstedForms(string text) => Words(text).Where(Usted.Contains).ToList();

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{M}]+")]
    private static partial Regex Word();
}
