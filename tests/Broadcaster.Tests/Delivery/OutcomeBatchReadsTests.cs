using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// What an outcome batch costs PostgreSQL: the rows it reads. Statistics of deliveries are taken right after
/// planning, when nothing is in flight; the batch must still look its rows up by key, not walk every row in flight.
/// </summary>
public sealed class OutcomeBatchReadsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private NpgsqlDataSource _one = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // One connection: the ledger's statements and the reading of their counts run on the same backend, which
        // reports its counts when told to (pg_stat_force_next_flush), not seconds later.
        _one = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_db.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _db.DisposeAsync();
    }

    private const string Planned = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', sha256(('reads-' || n)::bytea), '\x00'::bytea, 1, 'en', 'active' FROM generate_series(1, 20000) n
            RETURNING id
        )
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status) SELECT @alert, id, 'sms', 'pending' FROM s
        """;

    // Rows of deliveries read so far, by any scan (this backend's counts reported first).
    private async Task<long> RowsReadAsync()
    {
        await using var conn = await _one.OpenConnectionAsync();
        await conn.ExecuteAsync("SELECT pg_stat_force_next_flush()");
        return await conn.ExecuteScalarAsync<long>(
            "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'deliveries'");
    }

    [Fact]
    public async Task OutcomeBatch_ThousandsInFlightSinceTheLastAnalyse_ReadsOnlyItsOwnRows()
    {
        var seed = new Seed(_db);
        var network = await seed.NetworkAsync("socal", "los-angeles");
        var author = (await seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        var alert = await seed.AlertAsync(network.Id, author, ["los-angeles"], status: "sending");
        await _db.ExecuteAsync(Planned, new { alert });
        await _db.ExecuteAsync("ANALYZE deliveries"); // as after planning: every row pending
        var ledger = new DeliveryLedger(_one, TimeProvider.System);
        var claimed = await ledger.ClaimAsync(alert, null, "sms", 1500, TimeSpan.FromMinutes(1), default);
        Assert.Equal(1500, claimed.Count);

        var before = await RowsReadAsync();
        await ledger.RecordAsync(claimed.Take(5).Select((c, i) => new DeliveryOutcome(alert, c.SubscriberId, "sent", ProviderId: $"SMreads{i}")).ToList(), default);
        await ledger.RenewAsync(claimed.Skip(5).Take(5).Select(c => (alert, c.SubscriberId)).ToList(), TimeSpan.FromMinutes(1), default);
        await ledger.ReleaseAsync(claimed.Skip(10).Take(5).Select(c => (alert, c.SubscriberId)).ToList(), default);
        var read = await RowsReadAsync() - before;

        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'"));
        Assert.Equal(1490, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sending'"));
        // Each statement looks its five rows up (an UPDATE may read a row twice): nowhere near the 1,500 in flight.
        Assert.InRange(read, 5, 100);
    }
}
