using System.Xml.Linq;

namespace Broadcaster.SignUp;

/// <summary>An area's sign-up sheets as one SVG poster, a column per language, the QR code as an embedded PNG.</summary>
public static class SheetSvg
{
    private const int ColumnWidth = 600;
    private const int Height = 1000;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Render(IReadOnlyList<SignUpSheet> sheets, string? deepLink)
    {
        var qr = deepLink is null ? null : "data:image/png;base64," + Convert.ToBase64String(QrCodes.Png(deepLink, 8));
        var root = new XElement(Svg + "svg",
            new XAttribute("width", ColumnWidth * sheets.Count), new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {ColumnWidth * sheets.Count} {Height}"),
            new XAttribute("font-family", "sans-serif"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#fff")));
        for (var i = 0; i < sheets.Count; i++)
            root.Add(Column(sheets[i], qr, i * ColumnWidth));
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Column(SignUpSheet s, string? qr, int x)
    {
        var g = new XElement(Svg + "g", new XAttribute("lang", s.Language));
        var y = 70;
        void Lines(string text, int size, string weight = "normal", int width = 40)
        {
            foreach (var line in Wrap(text, width))
            {
                g.Add(new XElement(Svg + "text", new XAttribute("x", x + ColumnWidth / 2), new XAttribute("y", y),
                    new XAttribute("font-size", size), new XAttribute("font-weight", weight), new XAttribute("text-anchor", "middle"), line));
                y += size + 10;
            }
            y += 14;
        }
        Lines(s.Title, 30, "bold", 32);
        Lines(s.SmsLine, 22);
        Lines($"{s.Keyword} → {s.SmsNumber}", 30, "bold");
        if (qr is not null)
        {
            g.Add(new XElement(Svg + "image", new XAttribute("x", x + (ColumnWidth - 300) / 2), new XAttribute("y", y),
                new XAttribute("width", 300), new XAttribute("height", 300), new XAttribute("href", qr)));
            y += 330;
            Lines(s.TelegramLine!, 20, width: 46);
        }
        Lines(s.Frequency, 18, width: 52);
        Lines(s.HelpStop, 18, width: 52);
        Lines($"{s.AboutLabel}: {s.Links.Page}", 16, width: 60);
        Lines($"{s.PrivacyLabel}: {s.Links.Privacy}", 16, width: 60);
        return g;
    }

    /// <summary>Greedy word wrap: SVG text does not wrap by itself.</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }
        if (line.Length > 0)
            yield return line;
    }
}
