using System.Globalization;
using System.Text;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Folds text for matching: accents removed, lower case, punctuation and dashes as spaces, spaces collapsed.
/// "LOS ÁNGELES", "los-angeles" and " Los Angeles! " all fold to "los angeles".
/// </summary>
public static class TextKey
{
    // InvariantGlobalization makes string.Normalize a no-op for non-ASCII text, so accents cannot be removed by
    // decomposition alone: precomposed Latin letters are mapped here (combining marks are still dropped).
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
            var plain = Accented.IndexOf(raw);
            var c = plain < 0 ? raw : Plain[plain];
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
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
}
