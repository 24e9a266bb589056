using System.Globalization;
using System.Xml.Linq;
using Broadcaster.Networks;

namespace Broadcaster.PublicPages;

/// <summary>
/// A network's published alerts as an Atom feed whose entries link to CAP 1.2 documents (OASIS CAP 1.2, 2010),
/// so that local media and community tools can mirror them. Built only from alert texts, kinds, times and areas:
/// nothing about who received them.
/// </summary>
public static class PublicFeed
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <summary>CAP msgType from our kind: an update or all-clear updates the original, a retraction cancels it.</summary>
    public static string MessageType(string kind) => kind switch
    {
        "confirmed" => "Alert",
        "update" or "all-clear" => "Update",
        "retraction" => "Cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown alert kind"),
    };

    public static string CapUrl(string baseUrl, Network network, long id) => $"{baseUrl}/n/{network.Slug}/alerts/{id}.cap";

    public static XDocument AtomFeed(string baseUrl, Network network, IReadOnlyList<PublishedAlert> alerts, DateTimeOffset now)
    {
        var self = $"{baseUrl}/n/{network.Slug}/alerts.atom";
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", self),
            new XElement(Atom + "title", $"{network.Name}: verified alerts"),
            new XElement(Atom + "updated", Stamp(alerts.Count > 0 ? alerts[0].Sent : now)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", self)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", $"{baseUrl}/n/{network.Slug}")),
            new XElement(Atom + "author", new XElement(Atom + "name", network.Name)));
        foreach (var alert in alerts)
        {
            var cap = CapUrl(baseUrl, network, alert.Id);
            feed.Add(new XElement(Atom + "entry",
                new XElement(Atom + "id", cap),
                new XElement(Atom + "title", Headline(alert.Kind, network)),
                new XElement(Atom + "published", Stamp(alert.Sent)),
                new XElement(Atom + "updated", Stamp(alert.Sent)),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "application/cap+xml"), new XAttribute("href", cap)),
                new XElement(Atom + "summary", Text(alert, network.FallbackLanguage)),
                new XElement(Atom + "category", new XAttribute("term", MessageType(alert.Kind)))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    /// <param name="original">The alert a follow-up answers (null for a confirmed alert).</param>
    public static XDocument CapAlert(string baseUrl, Network network, PublishedAlert alert, PublishedAlert? original,
        IReadOnlyList<(string Name, string[] Zips)> areas)
    {
        var host = new Uri(baseUrl).Host;
        var sender = $"{network.Slug}@{host}";
        var root = new XElement(Cap + "alert",
            new XElement(Cap + "identifier", Identifier(host, network, alert.Id)),
            new XElement(Cap + "sender", sender),
            new XElement(Cap + "sent", CapTime(alert.Sent)),
            new XElement(Cap + "status", "Actual"),
            new XElement(Cap + "msgType", MessageType(alert.Kind)),
            new XElement(Cap + "scope", "Public"));
        if (original is not null)
            root.Add(new XElement(Cap + "references", $"{sender},{Identifier(host, network, original.Id)},{CapTime(original.Sent)}"));
        foreach (var (language, text) in alert.Texts.OrderBy(t => t.Key == network.FallbackLanguage ? 0 : 1).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            var info = new XElement(Cap + "info",
                new XElement(Cap + "language", language is "en" or "es" ? language + "-US" : language),
                new XElement(Cap + "category", "Safety"),
                new XElement(Cap + "event", "Immigration enforcement activity (community report)"));
            if (alert.Kind == "all-clear")
                info.Add(new XElement(Cap + "responseType", "AllClear"));
            info.Add(
                new XElement(Cap + "urgency", alert.Kind is "all-clear" or "retraction" ? "Past" : "Unknown"),
                new XElement(Cap + "severity", "Unknown"),
                new XElement(Cap + "certainty", alert.Kind == "retraction" ? "Unlikely" : "Observed"),
                new XElement(Cap + "senderName", network.Name),
                new XElement(Cap + "headline", Headline(alert.Kind, network)),
                new XElement(Cap + "description", text),
                new XElement(Cap + "web", $"{baseUrl}/n/{network.Slug}"));
            if (network.Hotline is not null)
                info.Add(new XElement(Cap + "contact", network.Hotline));
            foreach (var (name, zips) in areas)
                info.Add(new XElement(Cap + "area",
                    new XElement(Cap + "areaDesc", name),
                    zips.Select(z => new XElement(Cap + "geocode", new XElement(Cap + "valueName", "ZIP"), new XElement(Cap + "value", z)))));
            root.Add(info);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static string Text(PublishedAlert alert, string fallback) =>
        alert.Texts.TryGetValue(fallback, out var t) ? t : alert.Texts.TryGetValue("en", out t) ? t : alert.Texts.Values.FirstOrDefault() ?? "";

    private static string Headline(string kind, Network network) => kind switch
    {
        "update" => $"Alert update from {network.Name}",
        "all-clear" => $"All clear from {network.Name}",
        "retraction" => $"Retraction from {network.Name}",
        _ => $"Verified alert from {network.Name}",
    };

    // CAP forbids spaces, commas and the XML-restricted characters in an identifier.
    private static string Identifier(string host, Network network, long id) => $"{host}.{network.Slug}.{id}";

    /// <summary>CAP's dateTime: seconds, and an explicit offset ("-00:00" for UTC, never "Z").</summary>
    public static string CapTime(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "-00:00";

    private static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
