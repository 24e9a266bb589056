using Broadcaster.Networks;

namespace Broadcaster.PublicPages;

/// <summary>One row of the join table: an area, its SMS keyword, and its Telegram deep link and QR code (null while Telegram is off).</summary>
public sealed record JoinArea(string Name, string Keyword, string? DeepLink, string? QrPath);

/// <summary>What every public page shows around its content: the texts of the chosen language and the language links.</summary>
public abstract record PublicPage(PublicTexts T, Network Network, string Path, string? Number, string? Hotline, bool FeedOn);

public sealed record JoinPage(PublicTexts T, Network Network, string Path, string? Number, string? Hotline, bool FeedOn, IReadOnlyList<JoinArea> Areas)
    : PublicPage(T, Network, Path, Number, Hotline, FeedOn);

public sealed record PrivacyPage(PublicTexts T, Network Network, string Path, string? Number, string? Hotline, bool FeedOn, int RetentionDays)
    : PublicPage(T, Network, Path, Number, Hotline, FeedOn);
