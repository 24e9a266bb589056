using Dapper;
using Npgsql;

namespace Broadcaster.PublicPages;

/// <summary>An area as the public page lists it: its slug (deep link, QR code) and its name.</summary>
public sealed record PublicArea(string Slug, string Name);

/// <summary>
/// What the public pages and the feed read: a network's areas, whether its feed is on, and its published alerts.
/// Only names, slugs, ZIP codes and alert texts: no subscriber, coordinator or count ever leaves this class.
/// Owns public_feeds.
/// </summary>
public sealed class PublicPageStore(NpgsqlDataSource db)
{
    private const string SelectAreas = """
        SELECT a.slug, a.name FROM areas a
        WHERE a.network_id = @networkId AND a.removed_at IS NULL ORDER BY a.name
        """;

    public async Task<IReadOnlyList<PublicArea>> AreasAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<PublicArea>(SelectAreas, new { networkId })).ToList();
    }

    private const string SelectFeedOn = "SELECT EXISTS (SELECT 1 FROM public_feeds WHERE network_id = @networkId)";

    public async Task<bool> FeedOnAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<bool>(SelectFeedOn, new { networkId });
    }

    private const string TurnOn = "INSERT INTO public_feeds (network_id) VALUES (@networkId) ON CONFLICT DO NOTHING";
    private const string TurnOff = "DELETE FROM public_feeds WHERE network_id = @networkId";

    public async Task SetFeedAsync(long networkId, bool on)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(on ? TurnOn : TurnOff, new { networkId });
    }

    // Published = verified by a second coordinator, not a drill, and not aborted (an abort stops an alert that
    // should not have gone out; a retraction is how a sent one is corrected). Follow-ups keep their original's drill flag.
    private const string Published = "network_id = @networkId AND verified_at IS NOT NULL AND NOT drill AND status IN ('verified', 'sending', 'sent')";

    private const string SelectRecent = """
        SELECT id, kind, reply_to, texts::text AS texts, verified_at FROM alerts
        WHERE 
        """ + Published + " ORDER BY verified_at DESC, id DESC LIMIT @limit";

    /// <summary>The network's most recent published alerts, newest first.</summary>
    public async Task<IReadOnlyList<PublishedAlert>> RecentAsync(long networkId, int limit = 50)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<AlertRow>(SelectRecent, new { networkId, limit });
        return rows.Select(r => r.ToAlert()).ToList();
    }

    private const string SelectOne = """
        SELECT id, kind, reply_to, texts::text AS texts, verified_at FROM alerts WHERE id = @id AND 
        """ + Published;

    public async Task<PublishedAlert?> FindAsync(long networkId, long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QuerySingleOrDefaultAsync<AlertRow>(SelectOne, new { networkId, id }))?.ToAlert();
    }

    private const string SelectAlertAreas = """
        SELECT ar.name, ar.zips
        FROM alerts a CROSS JOIN LATERAL unnest(a.areas) WITH ORDINALITY AS u(area_id, n)
        JOIN areas ar ON ar.id = u.area_id
        WHERE a.id = @id ORDER BY u.n
        """;

    /// <summary>The areas an alert targets, by name, with their ZIP codes (CAP geocodes).</summary>
    public async Task<IReadOnlyList<(string Name, string[] Zips)>> AlertAreasAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string[])>(SelectAlertAreas, new { id })).ToList();
    }

    private sealed record AlertRow(long Id, string Kind, long? ReplyTo, string Texts, DateTime VerifiedAt)
    {
        public PublishedAlert ToAlert() => new(Id, Kind, ReplyTo,
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(Texts) ?? [],
            new DateTimeOffset(DateTime.SpecifyKind(VerifiedAt, DateTimeKind.Utc)));
    }
}

/// <summary>A published alert: its kind (confirmed, update, all-clear, retraction), original, texts by language, and when it was verified.</summary>
public sealed record PublishedAlert(long Id, string Kind, long? ReplyTo, IReadOnlyDictionary<string, string> Texts, DateTimeOffset Sent);
