namespace Broadcaster.Subscribers;

/// <summary>Stored as text in subscribers.status.</summary>
public static class SubscriberStatus
{
    /// <summary>Asked to join, not yet confirmed with YES/SÍ (double opt-in); lapses after 24 h.</summary>
    public const string Pending = "pending";
    public const string Active = "active";
    /// <summary>Left: the ciphertext is erased, only the blind index stays so the opt-out is honoured.</summary>
    public const string Stopped = "stopped";
}

/// <summary>A subscriber row without its address: the address stays encrypted in the database.</summary>
public sealed record Subscriber(long Id, string Status, string Language)
{
    public bool IsStopped => Status == SubscriberStatus.Stopped;
}

/// <summary>One county of a subscriber, with the network serving it (null when no network serves it any more).</summary>
public sealed record Subscription(string CountySlug, string CountyName, string Status, long? NetworkId, string? NetworkName, string? Hotline);
