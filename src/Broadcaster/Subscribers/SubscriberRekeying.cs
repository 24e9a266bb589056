using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Subscribers;

/// <summary>Subscribers' addresses under the current key, for <see cref="KeyRotation"/>.</summary>
public sealed class SubscriberRekeying(NpgsqlDataSource db, AddressProtector protector) : IAddressRekeying
{
    public string What => "subscribers";

    private const string Remaining = "SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL AND address_key_id <> @current";

    public async Task<long> RemainingAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(Remaining, new { current = protector.CurrentKeyId });
    }

    // SKIP LOCKED: a row held by a subscriber's conversation (STOP, JOIN) is left for the next pass.
    private const string Claim = """
        SELECT id, address_cipher, address_key_id FROM subscribers
        WHERE id > @afterId AND address_cipher IS NOT NULL AND address_key_id <> @current
        ORDER BY id LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string Update = """
        UPDATE subscribers s SET address_cipher = u.cipher, address_key_id = @current
        FROM unnest(@ids::bigint[], @ciphers::bytea[]) AS u(id, cipher)
        WHERE s.id = u.id
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
