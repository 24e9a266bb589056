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

/// <summary>One area of a subscriber (pending or active), with the network serving it.</summary>
public sealed record Subscription(long AreaId, string AreaSlug, string AreaName, string? CountyName, string Status, long NetworkId, string NetworkName, string? Hotline)
{
    public Networks.Place Place => new(AreaName, CountyName);
}

/// <summary>One choice of the menu of networks and areas an address was sent (a subscription row in status 'offered').</summary>
public sealed record Offer(short Choice, long AreaId, string AreaName, string NetworkName);
