using Broadcaster.Delivery;
using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>How many subscribers of one channel and language an alert would reach.</summary>
public sealed record RecipientGroup(string Channel, string Language, int Count);

/// <summary>How many subscribers one targeted area reaches, per channel (someone whose home overlaps two targets counts in both).</summary>
public sealed record AreaRecipients(string Slug, string Name, int Sms, int Telegram)
{
    public int Total => Sms + Telegram;
}

/// <summary>A network's active subscribers speaking one language, per channel.</summary>
public sealed record LanguageSubscribers(string Language, int Sms, int Telegram);

/// <summary>
/// Counts who an alert reaches, grouped by channel and language (segments depend on the language), with the
/// fan-out's own recipient query (<see cref="Recipients.Select"/>) so the preview and the broadcast agree.
/// </summary>
public sealed class AlertRecipients(NpgsqlDataSource db)
{
    private const string CountAlert = $"""
        SELECT r.channel, s.language, count(*)::int AS count
        FROM ({Recipients.Select}) r JOIN subscribers s ON s.id = r.subscriber_id
        GROUP BY r.channel, s.language
        ORDER BY r.channel, s.language
        """;

    /// <summary>The recipients of a stored alert (a follow-up: the original's).</summary>
    public async Task<IReadOnlyList<RecipientGroup>> CountAsync(long alertId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<RecipientGroup>(CountAlert, new { alertId })).ToList();
    }

    private const string CountDrill = $"""
        SELECT r.channel, s.language, count(*)::int AS count
        FROM ({Drills.DrillRecipients.Select}) r JOIN subscribers s ON s.id = r.subscriber_id
        GROUP BY r.channel, s.language
        UNION ALL
        SELECT c.channel, 'en', count(*)::int
        FROM ({Drills.DrillRecipients.Coordinators}) c
        GROUP BY c.channel
        """;

    /// <summary>The recipients of a drill: the simulated numbers of its areas and the network's coordinators.</summary>
    public async Task<IReadOnlyList<RecipientGroup>> CountDrillAsync(long alertId, long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<RecipientGroup>(CountDrill, new { alertId, networkId })).ToList();
    }

    // The unsaved draft is written inside a transaction that is always rolled back, so the preview counts with
    // the very query the broadcast plans with. A negative id never collides with a real (identity) one.
    private const string InsertUnsaved = """
        INSERT INTO alerts (id, network_id, kind, reply_to, areas, texts, status, author_id, created_at, expires_at, drill)
        OVERRIDING SYSTEM VALUE
        VALUES (@alertId, @networkId, @kind, @replyTo, @areas, '{}', 'draft', @authorId, @now, @now, @drill)
        """;

    /// <summary>The recipients an alert not yet stored would have (the console's live preview).</summary>
    public async Task<IReadOnlyList<RecipientGroup>> CountUnsavedAsync(Alert draft)
    {
        var alertId = -Random.Shared.NextInt64(1, long.MaxValue);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(InsertUnsaved, new
        {
            alertId, networkId = draft.NetworkId, kind = draft.Kind, replyTo = draft.ReplyTo, areas = draft.Areas.Select(a => a.Id).ToArray(),
            authorId = draft.AuthorId, now = draft.CreatedAt, drill = draft.Drill,
        }, tx);
        var groups = (await conn.QueryAsync<RecipientGroup>(draft.Drill ? CountDrill : CountAlert, new { alertId, networkId = draft.NetworkId }, tx)).ToList();
        await tx.RollbackAsync();
        return groups;
    }

    private const string SelectByLanguage = """
        SELECT s.language, (count(DISTINCT s.id) FILTER (WHERE s.channel = 'sms'))::int AS sms,
               (count(DISTINCT s.id) FILTER (WHERE s.channel = 'telegram'))::int AS telegram
        FROM areas a
        JOIN subscriptions sub ON sub.area_id = a.id AND sub.status = 'active'
        JOIN subscribers s ON s.id = sub.subscriber_id AND s.status = 'active'
        WHERE a.network_id = @networkId
        GROUP BY s.language
        ORDER BY s.language
        """;

    /// <summary>A network's active subscribers per language and channel (each person once, however many areas).</summary>
    public async Task<IReadOnlyList<LanguageSubscribers>> ByLanguageAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<LanguageSubscribers>(SelectByLanguage, new { networkId })).ToList();
    }

    // Per target, the rule of Recipients.Homes (homes of the network sharing a ZIP with it) for that target alone; a
    // drill reaches only simulated numbers among them (its coordinators are the same for every area and not counted).
    private const string SelectByArea = """
        SELECT t.slug, t.name, c.sms, c.telegram
        FROM unnest(@ids::bigint[]) WITH ORDINALITY AS u(id, n)
        JOIN areas t ON t.id = u.id AND t.network_id = @networkId
        CROSS JOIN LATERAL (
            SELECT (count(*) FILTER (WHERE s.channel = 'sms'))::int AS sms,
                   (count(*) FILTER (WHERE s.channel = 'telegram'))::int AS telegram
            FROM subscribers s
            WHERE s.status = 'active' AND (s.simulated OR NOT @drill)
              AND s.id IN (SELECT sub.subscriber_id
                           FROM areas h JOIN subscriptions sub ON sub.area_id = h.id AND sub.status = 'active'
                           WHERE h.network_id = t.network_id AND h.zips && t.zips)) c
        ORDER BY u.n
        """;

    /// <summary>
    /// Who each of a new alert's areas reaches on its own (the console's preview, one line per area): counts only.
    /// Areas of another network are left out, never counted.
    /// </summary>
    public async Task<IReadOnlyList<AreaRecipients>> ByAreaAsync(long networkId, IReadOnlyList<long> areaIds, bool drill)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<AreaRecipients>(SelectByArea, new { networkId, ids = areaIds.ToArray(), drill })).ToList();
    }
}
