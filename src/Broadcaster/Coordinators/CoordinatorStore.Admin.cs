using Broadcaster.Privacy;
using Dapper;

namespace Broadcaster.Coordinators;

/// <summary>
/// Managing coordinators: for the CLI (any network) and a network admin's console pages (pass their
/// network id, so another network's coordinator is simply not found).
/// </summary>
public sealed partial class CoordinatorStore
{
    private const string SelectSummaries = """
        SELECT id, name, phone_cipher, phone_key_id, telegram_user_id IS NOT NULL AS has_telegram, is_admin, active, created_at
        FROM coordinators WHERE network_id = @networkId ORDER BY id
        """;

    /// <summary>Every coordinator of a network, revoked ones included; phones masked.</summary>
    public async Task<IReadOnlyList<CoordinatorSummary>> ListAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(long Id, string Name, byte[]? Cipher, int? KeyId, bool HasTelegram, bool IsAdmin, bool Active, DateTime CreatedAt)>(
            SelectSummaries, new { networkId });
        return rows.Select(r => new CoordinatorSummary(
            r.Id, r.Name, r.Cipher is null ? null : Mask.Address(protector.Reveal(r.Cipher, r.KeyId!.Value)),
            r.HasTelegram, r.IsAdmin, r.Active, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)))).ToList();
    }

    // A revoked coordinator's addresses are erased at once: nothing is sent to them any more, and the
    // same phone or Telegram account can be registered again.
    private const string Revoke = """
        WITH revoked AS (
            UPDATE coordinators
            SET active = false, is_admin = false, phone_index = NULL, phone_cipher = NULL, phone_key_id = NULL, telegram_user_id = NULL
            WHERE id = @id AND active AND (@networkId::bigint IS NULL OR network_id = @networkId)
            RETURNING id, network_id, name)
        INSERT INTO audit_log (network_id, coordinator_id, action, detail)
        SELECT network_id, @actorId, 'revoked coordinator', jsonb_build_object('coordinator', id, 'name', name, 'via', @via::text) FROM revoked
        """;

    /// <summary>
    /// Revokes an active coordinator (key, sessions, commands and notices stop at once), audited as done
    /// <paramref name="by"/>; false when not found (in that network) or already revoked.
    /// </summary>
    public async Task<bool> RevokeAsync(long id, long? networkId = null, TeamActor? by = null)
    {
        by ??= TeamActor.Operator;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // An admin cannot leave the network without one (two admins revoking each other at once); an operator can.
        if (by.CoordinatorId is not null && LastAdmin(id, await LockAdminsAsync(conn, id, networkId)))
            return false;
        var revoked = await conn.ExecuteAsync(Revoke, new { id, networkId, actorId = by.CoordinatorId, via = by.Via }, tx) == 1;
        await tx.CommitAsync();
        return revoked;
    }

    // The network's active admins, locked until the change commits: two changes that would each leave one admin queue,
    // and the second sees the first's result (a row no longer admin drops out when its lock is granted).
    private const string LockAdmins = """
        SELECT a.id FROM coordinators a JOIN coordinators c ON c.network_id = a.network_id
        WHERE c.id = @id AND (@networkId::bigint IS NULL OR c.network_id = @networkId) AND a.active AND a.is_admin
        FOR UPDATE OF a
        """;

    private static async Task<List<long>> LockAdminsAsync(Npgsql.NpgsqlConnection conn, long id, long? networkId) =>
        (await conn.QueryAsync<long>(LockAdmins, new { id, networkId })).ToList();

    private static bool LastAdmin(long id, List<long> admins) => admins is [var only] && only == id;

    // The generation ends every console session started with an earlier key.
    private const string UpdateKey = """
        WITH rekeyed AS (
            UPDATE coordinators SET api_key_hash = @hash, key_generation = key_generation + 1
            WHERE id = @id AND active AND (@networkId::bigint IS NULL OR network_id = @networkId)
            RETURNING id, network_id, name)
        INSERT INTO audit_log (network_id, coordinator_id, action, detail)
        SELECT network_id, @actorId, 'new API key', jsonb_build_object('coordinator', id, 'name', name, 'via', @via::text) FROM rekeyed
        """;

    /// <summary>
    /// Replaces an active coordinator's API key: the old one and every console session stop working. Audited as done
    /// <paramref name="by"/>. Null when not found or revoked.
    /// </summary>
    public async Task<string?> NewKeyAsync(long id, long? networkId = null, TeamActor? by = null)
    {
        by ??= TeamActor.Operator;
        var key = ApiKeys.New();
        await using var conn = await db.OpenConnectionAsync();
        var changed = await conn.ExecuteAsync(UpdateKey, new { id, networkId, hash = ApiKeys.Hash(key), actorId = by.CoordinatorId, via = by.Via });
        return changed == 1 ? key : null;
    }

    private const string UpdateAdmin = """
        WITH changed AS (
            UPDATE coordinators SET is_admin = @isAdmin
            WHERE id = @id AND active AND is_admin <> @isAdmin AND (@networkId::bigint IS NULL OR network_id = @networkId)
            RETURNING id, network_id, name)
        INSERT INTO audit_log (network_id, coordinator_id, action, detail)
        SELECT network_id, @actorId, CASE WHEN @isAdmin THEN 'made admin' ELSE 'removed admin' END,
               jsonb_build_object('coordinator', id, 'name', name, 'via', @via::text)
        FROM changed
        """;

    /// <summary>
    /// Makes an active coordinator a network admin or not, audited. Removing the network's last admin is refused (make
    /// another admin first), whoever asks: a network is never left without someone who can manage its team.
    /// </summary>
    public async Task<AdminChange> SetAdminAsync(long id, bool isAdmin, long? networkId = null, TeamActor? by = null)
    {
        by ??= TeamActor.Operator;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var admins = await LockAdminsAsync(conn, id, networkId);
        if (!isAdmin && LastAdmin(id, admins))
            return AdminChange.LastAdmin;
        var changed = await conn.ExecuteAsync(UpdateAdmin, new { id, isAdmin, networkId, actorId = by.CoordinatorId, via = by.Via }, tx) == 1;
        await tx.CommitAsync();
        if (changed)
            return AdminChange.Changed;
        return admins.Contains(id) == isAdmin && await FindAsync(id) is { } c && (networkId is null || c.NetworkId == networkId) ? AdminChange.Unchanged : AdminChange.NotFound;
    }
}

/// <summary>What came of making someone an admin or not.</summary>
public enum AdminChange
{
    Changed,
    /// <summary>Already so.</summary>
    Unchanged,
    /// <summary>No such active coordinator (in that network).</summary>
    NotFound,
    /// <summary>They are the network's last admin: another must be made first.</summary>
    LastAdmin,
}
