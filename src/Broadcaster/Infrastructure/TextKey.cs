using System.Globalization;
using System.Text;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Folds text for matching: accents removed, lower case, punctuation and dashes as spaces, spaces collapsed.
/// "LOS ÁNGELES", "los-angeles" and " Los Angeles! " all fold to "los angeles"; "Tiếng Việt" to "tiếng việt".
/// </summary>
public static class TextKey
{
    // InvariantGlobalization makes string.Normalize a no-op for non-ASCII text, so accents cannot be removed by
    // decomposition alone: precomposed Latin letters are mapped here (combining marks are still dropped).
    // Vietnamese letters with two marks (ế, ệ) stay as they are: a keyword is folded the same way, so they still match.
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ";
    private const string Plain = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy";

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var raw in decomposed)
        {
            var c = Unify(raw);
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            // Non-spacing marks are accents or optional vowel signs (Arabic harakat); format characters are
            // zero-width joiners and direction marks that phones insert in Persian and Arabic text.
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format || c == '\u0640')
                continue;
            // Spacing marks are vowel signs inside a word (Gurmukhi "ਪੰਜਾਬੀ"): part of the word, not a break.
            if (char.IsLetterOrDigit(c) || category == UnicodeCategory.SpacingCombiningMark)
            {
                if (pendingSpace && sb.Length > 0)
                    sb.Append(' ');
                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>One spelling per letter: plain Latin for accented and full-width forms, Persian yeh and kaf for Arabic ones.</summary>
    private static char Unify(char c)
    {
        var plain = Accented.IndexOf(c);
        if (plain >= 0)
            return Plain[plain];
        return c switch
        {
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0), // full-width ASCII from CJK keyboards: "ＳＴＯＰ"
            '\u3000' => ' ',
            '\u064A' or '\u0649' => '\u06CC', // ي ى → ی
            '\u0643' => '\u06A9', // ك → ک
            _ => c,
        };
    }
}
