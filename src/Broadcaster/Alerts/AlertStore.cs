using System.Text.Json;
using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>
/// Alerts and their audit trail. Every state change is one conditional statement that also writes its
/// audit row, checked by rows affected: two coordinators racing cannot both win, and no change goes unlogged.
/// </summary>
public sealed partial class AlertStore(NpgsqlDataSource db)
{
    // The targeted areas travel as JSON in the alert's own order (removed areas included: old alerts keep their place).
    private const string Columns = """
        id, network_id, kind, reply_to, texts::text AS texts, status, author_id, verifier_id,
        created_at, expires_at, verified_at, completed_at, drill, held,
        (SELECT COALESCE(json_agg(json_build_object('Id', ar.id, 'Slug', ar.slug, 'Name', ar.name) ORDER BY u.n), '[]')::text
         FROM unnest(alerts.areas) WITH ORDINALITY AS u(id, n) JOIN areas ar ON ar.id = u.id) AS areas
        """;

    // The id is taken before the insert so the rendered message (which carries it) can be checked first.
    private const string NextId = "SELECT nextval(pg_get_serial_sequence('alerts', 'id'))";

    public async Task<long> NextIdAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(NextId);
    }

    // A preview renders the message with the id it would likely get (only its length matters), taking none.
    private const string LikelyNextId = "SELECT COALESCE(max(id), 0) + 1 FROM alerts";

    public async Task<long> LikelyNextIdAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(LikelyNextId);
    }

    private const string InsertDraft = """
        WITH alert AS (
            INSERT INTO alerts (id, network_id, kind, reply_to, areas, texts, status, author_id, created_at, expires_at, drill, held)
            OVERRIDING SYSTEM VALUE
            VALUES (@id, @networkId, @kind, @replyTo, @areas, @texts::jsonb, 'draft', @authorId, @now, @expiresAt, @drill, @held)
            RETURNING id, network_id, author_id)
        INSERT INTO audit_log (at, network_id, coordinator_id, alert_id, action, detail)
        SELECT @now, network_id, author_id, id, 'drafted', @detail::jsonb FROM alert
        """;

    public async Task InsertDraftAsync(Alert draft)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(InsertDraft, new
        {
            id = draft.Id,
            networkId = draft.NetworkId,
            kind = draft.Kind,
            replyTo = draft.ReplyTo,
            areas = draft.Areas.Select(a => a.Id).ToArray(),
            texts = JsonSerializer.Serialize(draft.Texts),
            authorId = draft.AuthorId,
            now = draft.CreatedAt,
            expiresAt = draft.ExpiresAt,
            drill = draft.Drill,
            held = draft.Held,
            detail = JsonSerializer.Serialize(new { kind = draft.Kind, replyTo = draft.ReplyTo, areas = draft.AreaSlugs, languages = draft.Texts.Keys, drill = draft.Drill, held = draft.Held }),
        });
    }

    private const string SelectById = "SELECT " + Columns + " FROM alerts WHERE id = @id";

    public async Task<Alert?> FindAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var row = await conn.QuerySingleOrDefaultAsync<Row>(SelectById, new { id });
        return row?.ToAlert();
    }

    // Drafts past their expiry count as expired here too, so a list never shows a dead draft as waiting.
    private const string SelectRecent = $"""
        SELECT {Columns} FROM alerts
        WHERE network_id = @networkId
          AND (@status::text IS NULL OR (CASE WHEN status = 'draft' AND expires_at <= @now THEN 'expired'
                                              WHEN status = 'draft' AND held THEN 'held' ELSE status END) = @status)
        ORDER BY created_at DESC, id DESC
        LIMIT @limit
        """;

    /// <summary>The network's most recent alerts, newest first, optionally of one (effective) status.</summary>
    public async Task<IReadOnlyList<Alert>> RecentAsync(long networkId, string? status, DateTimeOffset now, int limit = 50)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<Row>(SelectRecent, new { networkId, status, now, limit });
        return rows.Select(r => r.ToAlert()).ToList();
    }

    // Only follow-ups that went out (or are going out) change what an alert means to the people who got it.
    private const string SelectFollowUps = """
        SELECT reply_to AS Original, id AS Id, kind AS Kind FROM alerts
        WHERE reply_to = ANY(@ids) AND status IN ('verified', 'sending', 'sent')
        ORDER BY id
        """;

    /// <summary>The sent follow-ups (updates, all-clears, retractions) of these alerts.</summary>
    public async Task<IReadOnlyList<FollowUp>> FollowUpsAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
            return [];
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<FollowUp>(SelectFollowUps, new { ids = ids.ToArray() })).ToList();
    }

    private const string Verify = """
        WITH verified AS (
            UPDATE alerts SET status = 'verified', verifier_id = @coordinatorId, verified_at = @now
            WHERE id = @id AND network_id = @networkId AND status = 'draft' AND NOT held
              AND author_id <> @coordinatorId AND expires_at > @now
              AND EXISTS (SELECT 1 FROM coordinators c WHERE c.id = author_id AND c.active)
            RETURNING id, network_id)
        INSERT INTO audit_log (at, network_id, coordinator_id, alert_id, action)
        SELECT @now, network_id, @coordinatorId, id, 'verified' FROM verified
        """;

    /// <summary>
    /// Draft to verified by a second coordinator of its network, before expiry, while its author is still a coordinator;
    /// false when any condition failed.
    /// </summary>
    public async Task<bool> VerifyAsync(long id, long networkId, long coordinatorId, DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(Verify, new { id, networkId, coordinatorId, now }) == 1;
    }

    private const string Confirm = """
        WITH confirmed AS (
            UPDATE alerts SET held = false
            WHERE id = @id AND author_id = @authorId AND status = 'draft' AND held AND expires_at > @now
            RETURNING id, network_id, author_id)
        INSERT INTO audit_log (at, network_id, coordinator_id, alert_id, action)
        SELECT @now, network_id, author_id, id, 'confirmed' FROM confirmed
        """;

    /// <summary>A held draft released by its author (CONFIRM with the code of the draft reply); false when it was not theirs, not held or expired.</summary>
    public async Task<bool> ConfirmAsync(long id, long authorId, DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(Confirm, new { id, authorId, now }) == 1;
    }

    private const string Abort = """
        WITH aborted AS (
            UPDATE alerts a SET status = 'aborted'
            FROM (SELECT id, status FROM alerts WHERE id = @id FOR UPDATE) old
            WHERE a.id = old.id AND a.network_id = @networkId AND a.status IN ('draft', 'verified', 'sending')
              AND NOT (a.status = 'draft' AND a.expires_at <= @now)
            RETURNING a.id, a.network_id, old.status AS previous)
        INSERT INTO audit_log (at, network_id, coordinator_id, alert_id, action, detail)
        SELECT @now, network_id, @coordinatorId, id, 'aborted', jsonb_build_object('from', previous) FROM aborted
        """;

    /// <summary>
    /// The advisory lock between an abort and the sends being handed over ("as" in the high bytes, the alert id
    /// below). The hand-over holds it shared until its sends are done; an abort takes it exclusively. PostgreSQL
    /// queues a shared request behind a waiting exclusive one, so an abort waits only for the sends already being
    /// handed over, and every check after it sees the alert aborted. (A row lock would not do: a new share lock
    /// on a row joins the ones held at once, and the abort waits for as long as sends keep overlapping.)
    /// </summary>
    public static long HandOverLockKey(long alertId) => 0x6173_0000_0000_0000L | (alertId & 0x0000_FFFF_FFFF_FFFFL);

    /// <summary>
    /// Stops a draft or an alert in flight. Returns once the sends being handed over are done: from then on nothing
    /// more of it goes out.
    /// </summary>
    public async Task<bool> AbortAsync(long id, long networkId, long coordinatorId, DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = HandOverLockKey(id) }, tx);
        var aborted = await conn.ExecuteAsync(Abort, new { id, networkId, coordinatorId, now }, tx) == 1;
        await tx.CommitAsync();
        return aborted;
    }

    private const string MarkSending = "UPDATE alerts SET status = 'sending' WHERE id = @id AND status = 'verified'";

    /// <summary>Verified to sending, in the transaction that planned its delivery rows; an alert aborted meanwhile stays aborted.</summary>
    public Task MarkSendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id) => conn.ExecuteAsync(MarkSending, new { id }, tx);

    private const string Expire = """
        WITH expired AS (
            UPDATE alerts SET status = 'expired' WHERE status = 'draft' AND expires_at <= @now
            RETURNING id, network_id)
        INSERT INTO audit_log (at, network_id, alert_id, action)
        SELECT @now, network_id, id, 'expired' FROM expired
        """;

    /// <summary>Marks every draft past its expiry as expired; returns how many. Safe to run any number of times.</summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(Expire, new { now });
    }

    private const string ExpireAuthors = """
        WITH expired AS (
            UPDATE alerts SET status = 'expired', expires_at = least(expires_at, @now)
            WHERE author_id = @authorId AND status = 'draft'
            RETURNING id, network_id)
        INSERT INTO audit_log (at, network_id, alert_id, action, detail)
        SELECT @now, network_id, id, 'expired', '{"reason": "author revoked"}'::jsonb FROM expired
        """;

    /// <summary>A revoked coordinator's open drafts expire at once: nobody can verify what they can no longer stand behind.</summary>
    public async Task<int> ExpireDraftsOfAsync(long authorId, DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(ExpireAuthors, new { authorId, now });
    }

    private const string Complete = """
        UPDATE alerts SET
            status = CASE WHEN status = 'sending' THEN 'sent' ELSE status END,
            count_sent = @Sent, count_delivered = @Delivered, count_failed = @Failed, count_skipped = @Skipped,
            completed_at = now()
        WHERE id = @id AND completed_at IS NULL AND status IN ('sending', 'aborted')
        RETURNING status
        """;

    /// <summary>
    /// Sending to sent (an aborted alert stays aborted) with its final counts, once: completed_at IS NULL makes a
    /// second caller (two processes finishing together) update nothing. Returns the final status, or null.
    /// </summary>
    public async Task<string?> CompleteAsync(long id, DeliveryCounts counts)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<string>(Complete, new { id, counts.Sent, counts.Delivered, counts.Failed, counts.Skipped });
    }

    private const string SelectDueForReduction = """
        SELECT id FROM alerts WHERE completed_at < now() - @retention AND reduced_at IS NULL ORDER BY id LIMIT @limit
        """;

    public async Task<IReadOnlyList<long>> DueForReductionAsync(TimeSpan retention, int limit)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<long>(SelectDueForReduction, new { retention, limit })).AsList();
    }

    private const string Reduce = """
        UPDATE alerts SET count_sent = @Sent, count_delivered = @Delivered, count_failed = @Failed, count_skipped = @Skipped, reduced_at = now()
        WHERE id = @id AND reduced_at IS NULL
        """;

    /// <summary>Retention: the alert keeps its final counts; its per-recipient rows can go.</summary>
    public async Task<bool> ReduceAsync(long id, DeliveryCounts counts)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(Reduce, new { id, counts.Sent, counts.Delivered, counts.Failed, counts.Skipped }) == 1;
    }

    // Dapper cannot bind text[] or timestamptz-as-DateTimeOffset through a record constructor, hence this row.
    private sealed class Row
    {
        public long Id { get; init; }
        public long NetworkId { get; init; }
        public string Kind { get; init; } = "";
        public long? ReplyTo { get; init; }
        public string Areas { get; init; } = "[]";
        public string Texts { get; init; } = "{}";
        public string Status { get; init; } = "";
        public long AuthorId { get; init; }
        public long? VerifierId { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? VerifiedAt { get; init; }
        public DateTime? CompletedAt { get; init; }
        public bool Drill { get; init; }
        public bool Held { get; init; }

        public Alert ToAlert() => new(
            Id, NetworkId, Kind, ReplyTo, JsonSerializer.Deserialize<List<AlertArea>>(Areas) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, string>>(Texts) ?? [],
            Status, AuthorId, VerifierId, Utc(CreatedAt), Utc(ExpiresAt),
            VerifiedAt is { } v ? Utc(v) : null, CompletedAt is { } c ? Utc(c) : null, Drill, Held);

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
