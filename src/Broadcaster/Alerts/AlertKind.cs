namespace Broadcaster.Alerts;

/// <summary>What an alert is. Everything but <see cref="Confirmed"/> follows up an earlier alert and goes to its recipients.</summary>
public static class AlertKind
{
    public const string Confirmed = "confirmed";
    public const string Update = "update";
    public const string AllClear = "all-clear";
    public const string Retraction = "retraction";

    public static readonly IReadOnlyList<string> All = [Confirmed, Update, AllClear, Retraction];

    public static bool IsFollowUp(string kind) => kind != Confirmed;
}

public static class AlertStatus
{
    public const string Draft = "draft";
    /// <summary>A draft by text awaiting its author's CONFIRM (stored as a draft with <c>held</c>).</summary>
    public const string Held = "held";
    public const string Verified = "verified";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Aborted = "aborted";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Draft, Held, Verified, Sending, Sent, Aborted, Expired];

    /// <summary>Statuses in which some subscribers may already hold the alert, so a follow-up can refer to it.</summary>
    public static readonly IReadOnlyList<string> Broadcast = [Verified, Sending, Sent, Aborted];

    // Not stored: what a broadcast alert means once a follow-up of it went out (AlertState.Shown).
    public const string Retracted = "retracted";
    public const string Superseded = "superseded";

    public static string Shown(string status, IReadOnlyList<FollowUp> followUps) =>
        !Broadcast.Contains(status) ? status
        : followUps.Any(f => f.Kind == AlertKind.Retraction) ? Retracted
        : followUps.Count > 0 ? Superseded
        : status;
}
