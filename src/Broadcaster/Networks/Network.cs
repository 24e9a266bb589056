namespace Broadcaster.Networks;

/// <summary>
/// A network. <see cref="SmsFrom"/> or <see cref="SmsService"/> is its own SMS sender (null: the default sender),
/// <see cref="SmsRate"/> that sender's segments per second (null: the default rate). <see cref="TimeZone"/> is the IANA
/// zone the console shows its times in.
/// </summary>
public sealed record Network(
    long Id, string Slug, string Name, string? Hotline, string? SmsFrom, string? SmsService, double? SmsRate, string FallbackLanguage,
    string TimeZone = Network.DefaultTimeZone)
{
    public const string DefaultTimeZone = "America/Los_Angeles";

    public bool HasOwnSender => SmsFrom is not null || SmsService is not null;

    /// <summary>The network's zone; UTC if this machine has lost it (tzdata missing), so a page never fails for it.</summary>
    public TimeZoneInfo Zone => TryFindZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
            return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
