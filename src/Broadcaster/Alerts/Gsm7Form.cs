using System.Text;

namespace Broadcaster.Alerts;

/// <summary>
/// A text's GSM-7 form: the typographer's characters a phone keyboard or a word processor puts in (curly quotes,
/// dashes, the ellipsis, no-break spaces) and the accents GSM-7 lacks (á í ó ú, â, ã, ç…) replaced by their plain
/// letters; é, ñ, ü, ¿ and ¡ are GSM-7 and stay. One of those characters sends a whole SMS as UCS-2 (70, then 67
/// characters a segment instead of 160/153), so the form often costs a third. It is offered, never forced:
/// "sin acentos" is a choice the coordinator makes for their readers.
/// </summary>
public static class Gsm7Form
{
    private static readonly Dictionary<char, string> Plain = Build();

    /// <summary>The text with every character that has a plain GSM-7 form replaced; others (emoji, CJK) stay.</summary>
    public static string Of(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(!SmsSegments.IsGsm7(c) && Plain.TryGetValue(c, out var plain) ? plain : c.ToString());
        return sb.ToString();
    }

    /// <summary>True when the text has a character outside GSM-7 and its <see cref="Of"/> form is all GSM-7.</summary>
    public static bool Helps(string text) => !text.All(SmsSegments.IsGsm7) && Of(text).All(SmsSegments.IsGsm7);

    private static Dictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>();
        void Add(string from, string to)
        {
            foreach (var c in from)
                map[c] = to;
        }
        Add("‘’‚‛′`´", "'");
        Add("“”„‟″«»", "\"");
        Add("‐‑‒–—―−", "-");
        Add("\u00A0\u2002\u2003\u2007\u2009\u200A\u202F", " ");
        Add("…", "...");
        Add("•·", "*");
        Add("áâãāă", "a"); Add("ÁÀÂÃĀĂ", "A");
        Add("êëē", "e"); Add("ÈÊËĒ", "E");
        Add("íîïī", "i"); Add("ÍÌÎÏĪ", "I");
        Add("óôõō", "o"); Add("ÓÒÔÕŌ", "O");
        Add("úûū", "u"); Add("ÚÙÛŪ", "U");
        Add("ç", "c"); Add("ýÿ", "y"); Add("Ý", "Y");
        Add("đ", "d"); Add("Đ", "D"); Add("ơ", "o"); Add("Ơ", "O"); Add("ư", "u"); Add("Ư", "U");
        return map;
    }
}
