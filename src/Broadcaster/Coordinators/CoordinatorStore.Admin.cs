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
        UPDATE coordinators
        SET active = false, is_admin = false, phone_index = NULL, phone_cipher = NULL, phone_key_id = NULL, telegram_user_id = NULL
        WHERE id = @id AND (@networkId::bigint IS NULL OR network_id = @networkId)
        """;

    /// <summary>Revokes a coordinator (key, commands and notices stop at once); false when not found (in that network).</summary>
    public async Task<bool> RevokeAsync(long id, long? networkId = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(Revoke, new { id, networkId }) == 1;
    }

    private const string UpdateKey = """
        UPDATE coordinators SET api_key_hash = @hash
        WHERE id = @id AND active AND (@networkId::bigint IS NULL OR network_id = @networkId)
        """;

    /// <summary>Replaces an active coordinator's API key; the old one stops working. Null when not found or revoked.</summary>
    public async Task<string?> NewKeyAsync(long id, long? networkId = null)
    {
        var key = ApiKeys.New();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(UpdateKey, new { id, networkId, hash = ApiKeys.Hash(key) }) == 1 ? key : null;
    }

    private const string UpdateAdmin = """
        UPDATE coordinators SET is_admin = @isAdmin
        WHERE id = @id AND active AND (@networkId::bigint IS NULL OR network_id = @networkId)
        """;

    /// <summary>Makes an active coordinator a network admin or not; false when not found or revoked.</summary>
    public async Task<bool> SetAdminAsync(long id, bool isAdmin, long? networkId = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(UpdateAdmin, new { id, isAdmin, networkId }) == 1;
    }
}
