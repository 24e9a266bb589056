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

    /// <summary>Times are shown in UTC with the zone named: volunteers may sit in different places.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Status(ConsoleText t, string status) => t[status switch
    {
        AlertStatus.Draft => "awaiting verification",
        AlertStatus.Verified => "verified",
        AlertStatus.Sending => "sending",
        AlertStatus.Sent => "sent",
        AlertStatus.Aborted => "aborted",
        AlertStatus.Expired => "expired",
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
