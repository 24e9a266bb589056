namespace Broadcaster.Alerts;

public enum SmsEncoding { Gsm7, Ucs2 }

/// <summary>How an SMS body travels: its encoding, its length in that encoding's units, and how many parts it takes.</summary>
public sealed record SmsCount(SmsEncoding Encoding, int Units, int Segments)
{
    public string EncodingName => Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2";
}

/// <summary>
/// Counts SMS segments as carriers do (GSM 03.38 / 3GPP TS 23.038). A body entirely in the GSM-7 default
/// alphabet and its extension table goes as 7-bit septets: 160 in one message, 153 per part once split
/// (the rest is the concatenation header); extension characters take two septets (escape + char).
/// One character outside it (á í ó ú, emoji, curly quotes...) sends the whole body as UCS-2: 70, then 67
/// UTF-16 units per part. A part never splits an escape pair or a surrogate pair, so a part may hold one less.
/// </summary>
public static class SmsSegments
{
    // The GSM 03.38 default alphabet (0x1B, the escape, excluded). Note é, ñ, ü, ¿, ¡ are here; á, í, ó, ú are not.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each costs an escape septet plus its own.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public const int MaxSegments = 10;

    public static bool IsGsm7(char c) => BasicSet.Contains(c) || ExtensionSet.Contains(c);

    public static SmsCount Count(string text)
    {
        if (text.All(IsGsm7))
        {
            var widths = text.Select(c => ExtensionSet.Contains(c) ? 2 : 1).ToList();
            return new SmsCount(SmsEncoding.Gsm7, widths.Sum(), Parts(widths, single: 160, part: 153));
        }
        var units = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            units.Add(pair ? 2 : 1);
            if (pair)
                i++;
        }
        return new SmsCount(SmsEncoding.Ucs2, units.Sum(), Parts(units, single: 70, part: 67));
    }

    private static int Parts(List<int> widths, int single, int part)
    {
        var total = widths.Sum();
        if (total == 0)
            return 0;
        if (total <= single)
            return 1;
        int parts = 1, used = 0;
        foreach (var w in widths)
        {
            if (used + w > part)
            {
                parts++;
                used = 0;
            }
            used += w;
        }
        return parts;
    }
}
