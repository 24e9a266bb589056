using System.Globalization;
using Broadcaster.Alerts;

namespace Broadcaster.CoordinatorConsole;

/// <summary>Figures as a coordinator reads them, in their language; the live preview gets the same sentences.</summary>
public static class ConsoleFormat
{
    public static string Duration(ConsoleText t, int seconds) => seconds switch
    {
        <= 0 => t["at once"],
        < 90 => t.Format("about {0} s", seconds),
        < 5400 => t.Format("about {0} min", (int)Math.Round(seconds / 60.0)),
        _ => t.Format("about {0} h", Math.Round(seconds / 3600.0, 1).ToString(CultureInfo.InvariantCulture)),
    };

    public static string Segments(ConsoleText t, MessagePreview m) =>
        t.Format("{0} SMS segment(s) · {1} · {2} characters", m.Segments, m.Encoding, m.Characters);

    /// <summary>"1 × 40 SMS recipients = 40 segments · about 2 s": what a text costs and how long it takes at the sender's rate.</summary>
    public static string Cost(ConsoleText t, MessagePreview m) =>
        t.Format("{0} × {1} SMS recipient(s) = {2} segments · {3}", m.Segments, m.SmsRecipients, m.SmsSegmentsTotal, Duration(t, m.SmsSeconds));

    /// <summary>"Without accents: 1 segment instead of 3" (the GSM-7 form of the text, offered, never forced).</summary>
    public static string Gsm7Offer(ConsoleText t, MessagePreview m) =>
        t.Format(m.Gsm7!.Segments == 1 ? "Without accents or curly quotes: {0} segment instead of {1}" : "Without accents or curly quotes: {0} segments instead of {1}",
            m.Gsm7.Segments, m.Segments);

    /// <summary>A drafter warning in the coordinator's language (its values too, where they are words).</summary>
    public static string Warning(ConsoleText t, DraftWarning w) =>
        t.Format(w.Format, [.. w.Args.Select(a => a is "English" && t.Language == "es" ? "inglés" : a)]);

    /// <summary>A time in the network's zone, the zone named ("2026-12-02 23:27 PST"): what volunteers read on their clocks.</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {ZoneName(zone, at)}";
    }

    /// <summary>A list's compact date: "23:27" today, "Dec 2 23:27" this year, else the full date.</summary>
    public static string ShortTime(ConsoleText t, DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (local.Date == today.Date)
            return time;
        var month = t[Months[local.Month - 1]];
        return local.Year == today.Year ? $"{month} {local.Day} {time}" : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The zone's abbreviation at that moment (PST or PDT), else its offset ("UTC-03").</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        var name = zone.IsDaylightSavingTime(at) ? zone.DaylightName : zone.StandardName;
        if (!string.IsNullOrEmpty(name) && name.Length <= 5 && name.All(char.IsAsciiLetterUpper))
            return name;
        var offset = zone.GetUtcOffset(at);
        return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(offset.Minutes == 0 ? "hh" : @"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>An audit line's action, in Spanish as a verb like "redactó" (never the status's "verificada").</summary>
    public static string AuditAction(ConsoleText t, string action) =>
        t.Language == "es" && ConsoleStrings.SpanishAudit.TryGetValue(action, out var spanish) ? spanish : action;

    public static string Status(ConsoleText t, string status) => t[status switch
    {
        AlertStatus.Draft => "awaiting verification",
        AlertStatus.Held => "awaiting its author's CONFIRM by text",
        AlertStatus.Verified => "verified",
        AlertStatus.Sending => "sending",
        AlertStatus.Sent => "sent",
        AlertStatus.Aborted => "aborted",
        AlertStatus.Expired => "expired",
        AlertStatus.Retracted => "retracted",
        AlertStatus.Superseded => "superseded",
        _ => status,
    }];

    public static string Kind(ConsoleText t, string kind) => t[kind switch
    {
        AlertKind.Update => "update",
        AlertKind.AllClear => "all clear",
        AlertKind.Retraction => "retraction",
        _ => "confirmed alert",
    }];

    public static string Language(ConsoleText t, string code) => code switch
    {
        "en" => t["English"],
        "es" => t["Spanish"],
        _ => code,
    };
}
