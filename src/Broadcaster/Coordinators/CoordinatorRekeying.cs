using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Coordinators;

/// <summary>Coordinators' phones under the current key, for <see cref="KeyRotation"/>.</summary>
public sealed class CoordinatorRekeying(NpgsqlDataSource db, AddressProtector protector) : IAddressRekeying
{
    public string What => "coordinator phones";

    private const string Remaining = "SELECT count(*) FROM coordinators WHERE phone_cipher IS NOT NULL AND phone_key_id <> @current";

    public async Task<long> RemainingAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(Remaining, new { current = protector.CurrentKeyId });
    }

    private const string Claim = """
        SELECT id, phone_cipher, phone_key_id FROM coordinators
        WHERE id > @afterId AND phone_cipher IS NOT NULL AND phone_key_id <> @current
        ORDER BY id LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string Update = """
        UPDATE coordinators c SET phone_cipher = u.cipher, phone_key_id = @current
        FROM unnest(@ids::bigint[], @ciphers::bytea[]) AS u(id, cipher)
        WHERE c.id = u.id
        """;

    public async Task<(int Rekeyed, long? LastId)> RekeyBatchAsync(long afterId, int limit, CancellationToken ct)
    {
        var current = protector.CurrentKeyId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<(long Id, byte[] Cipher, int KeyId)>(Claim, new { afterId, current, limit }, tx)).ToList();
        if (rows.Count == 0)
            return (0, null);
        var ciphers = rows.Select(r => protector.Reencrypt(r.Cipher, r.KeyId)).ToArray();
        await conn.ExecuteAsync(Update, new { ids = rows.Select(r => r.Id).ToArray(), ciphers, current }, tx);
        await tx.CommitAsync(ct);
        return (rows.Count, rows[^1].Id);
    }
}
