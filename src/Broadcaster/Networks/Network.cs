namespace Broadcaster.Networks;

/// <summary>
/// A network. <see cref="SmsFrom"/> or <see cref="SmsService"/> is its own SMS sender (null: the default sender),
/// <see cref="SmsRate"/> that sender's segments per second (null: the default rate).
/// </summary>
public sealed record Network(
    long Id, string Slug, string Name, string? Hotline, string? SmsFrom, string? SmsService, double? SmsRate, string FallbackLanguage)
{
    public bool HasOwnSender => SmsFrom is not null || SmsService is not null;
}
