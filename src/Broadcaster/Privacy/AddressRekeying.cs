using Dapper;
using Npgsql;

namespace Broadcaster.Privacy;

/// <summary>
/// The batch loop of <see cref="IAddressRekeying"/>; each owning feature supplies its table's three statements
/// (<see cref="Remaining"/>, <see cref="Claim"/> with FOR UPDATE SKIP LOCKED, <see cref="Update"/> over
/// unnest(@ids, @ciphers)), so every statement on a table stays in that table's folder.
/// </summary>
public abstract class AddressRekeying(NpgsqlDataSource db, AddressProtector protector) : IAddressRekeying
{
    public abstract string What { get; }
    protected abstract string Remaining { get; }
    protected abstract string Claim { get; }
    protected abstract string Update { get; }

    public async Task<long> RemainingAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(Remaining, new { current = protector.CurrentKeyId });
    }

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
