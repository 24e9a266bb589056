namespace Broadcaster.Alerts;

public sealed record ChannelCounts(int Sms, int Telegram);

/// <summary>
/// 201 to POST /api/alerts: the draft, who it would reach, each written language's rendered SMS, how long sending would
/// take, and per subscriber language how many get their own text or the fallback (<see cref="LanguageAudience"/>).
/// </summary>
public sealed record DraftResponse(
    long Id,
    string Status,
    string Kind,
    long? ReplyTo,
    IReadOnlyList<string> Areas,
    DateTimeOffset ExpiresAt,
    ChannelCounts Recipients,
    IReadOnlyDictionary<string, MessagePreview> Messages,
    EstimateResponse Estimate,
    IReadOnlyList<string> Warnings,
    bool Drill = false,
    IReadOnlyDictionary<string, LanguageAudience>? Languages = null)
{
    /// <summary>The field from before areas, kept for clients that read it: the same slugs as <see cref="Areas"/>.</summary>
    public IReadOnlyList<string> Counties => Areas;
}

public sealed record EstimateResponse(int Seconds, int SmsMessages, int SmsSegments, int SmsSeconds, int TelegramMessages, int TelegramSeconds)
{
    public static EstimateResponse From(DeliveryEstimate e) =>
        new(e.Seconds, e.SmsMessages, e.SmsSegments, e.SmsSeconds, e.TelegramMessages, e.TelegramSeconds);
}

/// <summary>GET /api/alerts/{id}, and the answer to verify and abort.</summary>
public sealed record AlertResponse(
    long Id,
    string Status,
    string Kind,
    long? ReplyTo,
    IReadOnlyList<string> Areas,
    IReadOnlyDictionary<string, string> Texts,
    long AuthorId,
    long? VerifierId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? CompletedAt,
    DeliveryCounts Counts,
    bool Drill = false,
    long? RetractedBy = null,
    long? SupersededBy = null)
{
    /// <summary>The field from before areas, kept for clients that read it: the same slugs as <see cref="Areas"/>.</summary>
    public IReadOnlyList<string> Counties => Areas;

    public static AlertResponse From(AlertState s) => new(
        s.Alert.Id, s.Status, s.Alert.Kind, s.Alert.ReplyTo, s.Alert.AreaSlugs, s.Alert.Texts, s.Alert.AuthorId, s.Alert.VerifierId,
        s.Alert.CreatedAt, s.Alert.ExpiresAt, s.Alert.VerifiedAt, s.Alert.CompletedAt, s.Counts, s.Alert.Drill, s.RetractedBy, s.SupersededBy);
}

/// <summary>One line of GET /api/alerts.</summary>
public sealed record AlertSummary(
    long Id, string Status, string Kind, long? ReplyTo, IReadOnlyList<string> Areas, IReadOnlyDictionary<string, string> Texts,
    long AuthorId, long? VerifierId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Drill = false)
{
    /// <summary>The field from before areas, kept for clients that read it: the same slugs as <see cref="Areas"/>.</summary>
    public IReadOnlyList<string> Counties => Areas;

    public static AlertSummary From(Alert a, string status) =>
        new(a.Id, status, a.Kind, a.ReplyTo, a.AreaSlugs, a.Texts, a.AuthorId, a.VerifierId, a.CreatedAt, a.ExpiresAt, a.Drill);
}
