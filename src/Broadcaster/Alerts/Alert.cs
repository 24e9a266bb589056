namespace Broadcaster.Alerts;

/// <summary>An alert as stored. <see cref="Texts"/> maps language code to the coordinator's text.</summary>
public sealed record Alert(
    long Id,
    long NetworkId,
    string Kind,
    long? ReplyTo,
    IReadOnlyList<AlertArea> Areas,
    IReadOnlyDictionary<string, string> Texts,
    string Status,
    long AuthorId,
    long? VerifierId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? CompletedAt,
    bool Drill = false,
    bool Held = false)
{
    public IReadOnlyList<string> AreaSlugs => Areas.Select(a => a.Slug).ToList();

    /// <summary>
    /// A draft past its expiry is expired even before the sweep job has marked it; a draft drafted by text is held
    /// until its author confirms it (<see cref="Held"/>): nobody is asked to verify it, and nobody can.
    /// </summary>
    public string EffectiveStatus(DateTimeOffset now) =>
        Status == AlertStatus.Draft && ExpiresAt <= now ? AlertStatus.Expired
        : Status == AlertStatus.Draft && Held ? AlertStatus.Held
        : Status;
}

/// <summary>An area an alert targets (a removed area keeps its place in old alerts).</summary>
public sealed record AlertArea(long Id, string Slug, string Name);

/// <summary>Per-recipient outcomes: from the delivery rows while they exist, else the counts kept on the alert.</summary>
public sealed record DeliveryCounts(int Pending, int Sent, int Delivered, int Failed, int Skipped);
