namespace Broadcaster.Drills;

/// <summary>
/// Who a drill reaches, apart from the regular recipient query so that query never needs a drill case:
/// the simulated numbers at home in an area sharing a ZIP with the drill's areas (a follow-up: the original's) and the network's
/// coordinators. Real subscribers are never in it.
/// </summary>
public static class DrillRecipients
{
    /// <summary>The simulated subscribers of drill <c>@alertId</c>, as (subscriber_id, channel) like <see cref="Delivery.Recipients.Select"/>.</summary>
    public const string Select = $"""
        SELECT DISTINCT sub.subscriber_id, s.channel
        FROM alerts a
        JOIN subscriptions sub ON sub.area_id IN ({Delivery.Recipients.Homes}) AND sub.status = 'active'
        JOIN subscribers s ON s.id = sub.subscriber_id AND s.status = 'active' AND s.simulated
        WHERE a.id = @alertId AND a.drill
        """;

    /// <summary>The active coordinators of network <c>@networkId</c>, one row per channel they can be reached on.</summary>
    public const string Coordinators = """
        SELECT id, 'sms' AS channel FROM coordinators WHERE network_id = @networkId AND active AND phone_cipher IS NOT NULL
        UNION ALL
        SELECT id, 'telegram' FROM coordinators WHERE network_id = @networkId AND active AND telegram_user_id IS NOT NULL
        """;
}
