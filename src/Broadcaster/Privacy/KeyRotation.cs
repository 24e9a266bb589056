namespace Broadcaster.Privacy;

/// <summary>A table holding encrypted addresses, re-encrypted under the current key by its owning feature.</summary>
public interface IAddressRekeying
{
    /// <summary>What the rows are, for the progress line ("subscribers", "coordinator phones").</summary>
    string What { get; }

    /// <summary>Rows still under another key.</summary>
    Task<long> RemainingAsync(CancellationToken ct);

    /// <summary>
    /// Re-encrypts up to <paramref name="limit"/> rows with id above <paramref name="afterId"/>, skipping rows locked
    /// right now (a STOP in progress): returns how many, and the last id looked at (null when none was left).
    /// </summary>
    Task<(int Rekeyed, long? LastId)> RekeyBatchAsync(long afterId, int limit, CancellationToken ct);
}

/// <summary>
/// `keys rotate`: every stored address under the current Privacy:EncryptionKey, in batches of short
/// transactions (safe while the service runs: a row being changed is skipped and taken on the next pass),
/// resumable (what is done stays done; a rerun takes what is left). The blind index is not touched: it has
/// its own stable key, so STOP and JOIN find everyone throughout.
/// </summary>
public sealed class KeyRotation(IEnumerable<IAddressRekeying> tables)
{
    public const int BatchSize = 500;
    private const int Passes = 5;

    public async Task<long> RunAsync(Action<string, long, long> progress, CancellationToken ct = default)
    {
        long left = 0;
        foreach (var table in tables)
        {
            var total = await table.RemainingAsync(ct);
            long done = 0;
            progress(table.What, done, total);
            for (var pass = 0; pass < Passes && done < total; pass++)
            {
                long after = 0;
                while (await table.RekeyBatchAsync(after, BatchSize, ct) is { LastId: { } last } batch)
                {
                    after = last;
                    done += batch.Rekeyed;
                    progress(table.What, Math.Min(done, total), total);
                }
                if (await table.RemainingAsync(ct) == 0)
                    break;
            }
            left += await table.RemainingAsync(ct);
        }
        return left;
    }
}
