using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>How many subscribers of one channel and language an alert would reach.</summary>
public sealed record RecipientGroup(string Channel, string Language, int Count);

/// <summary>A county of a network and its active subscribers per channel.</summary>
public sealed record CountyAudience(string Slug, string Name, int Sms, int Telegram);

/// <summary>
/// Counts an alert's recipients before it is sent, grouped by channel and language (segments depend on the language).
/// TODO(alerts): switch to Delivery/Recipients once it lands on main, so the count and the fan-out share one query.
/// </summary>
public sealed class AlertRecipients(NpgsqlDataSource db)
{
    private const string CountCounties = """
        SELECT s.channel, s.language, count(*)::int AS count
        FROM subscribers s
        WHERE s.status = 'active'
          AND EXISTS (SELECT 1 FROM subscriptions sub
                      WHERE sub.subscriber_id = s.id AND sub.status = 'active' AND sub.county_slug = ANY(@counties))
        GROUP BY s.channel, s.language
        ORDER BY s.channel, s.language
        """;

    // A follow-up goes to whoever the original reached (or was reaching), if still subscribed.
    private const string CountOriginal = """
        SELECT s.channel, s.language, count(*)::int AS count
        FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.alert_id = @replyTo AND s.status = 'active' AND d.status IN ('sending', 'sent', 'delivered')
        GROUP BY s.channel, s.language
        ORDER BY s.channel, s.language
        """;

    public async Task<IReadOnlyList<RecipientGroup>> CountAsync(long? replyTo, IReadOnlyList<string> counties)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = replyTo is { } original
            ? await conn.QueryAsync<RecipientGroup>(CountOriginal, new { replyTo = original })
            : await conn.QueryAsync<RecipientGroup>(CountCounties, new { counties = counties.ToArray() });
        return rows.ToList();
    }

    private const string SelectByCounty = """
        SELECT nc.county_slug AS slug, c.name,
               (count(s.id) FILTER (WHERE s.channel = 'sms'))::int AS sms,
               (count(s.id) FILTER (WHERE s.channel = 'telegram'))::int AS telegram
        FROM network_counties nc
        JOIN counties c ON c.slug = nc.county_slug
        LEFT JOIN subscriptions sub ON sub.county_slug = nc.county_slug AND sub.status = 'active'
        LEFT JOIN subscribers s ON s.id = sub.subscriber_id AND s.status = 'active'
        WHERE nc.network_id = @networkId
        GROUP BY nc.county_slug, c.name
        ORDER BY c.name
        """;

    /// <summary>A network's counties with how many active subscribers each has per channel: counts only, never who.</summary>
    public async Task<IReadOnlyList<CountyAudience>> ByCountyAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<CountyAudience>(SelectByCounty, new { networkId })).ToList();
    }
}
