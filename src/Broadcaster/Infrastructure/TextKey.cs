using System.Globalization;
using System.Text;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Folds text for matching: accents removed, lower case, punctuation and dashes as spaces, spaces collapsed.
/// "LOS ÁNGELES", "los-angeles" and " Los Angeles! " all fold to "los angeles".
/// </summary>
public static class TextKey
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
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
