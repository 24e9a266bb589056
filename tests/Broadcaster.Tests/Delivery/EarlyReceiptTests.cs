using System.Text.Json;
using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;
using Dapper;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// A Twilio receipt can come before the outcome batch that records its send: it waits in early_receipts and is
/// applied by whichever of the two commits second, reading only its own provider ids.
/// </summary>
public sealed class EarlyReceiptTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private DeliveryLedger _ledger = null!;
    private long _alert;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _ledger = new DeliveryLedger(_db.DataSource, TimeProvider.System);
        var seed = new Seed(_db);
        var network = await seed.NetworkAsync("socal", "los-angeles");
        var author = (await seed.CoordinatorAsync("socal", "Ana", "+12135550111")).Coordinator.Id;
        _alert = await seed.AlertAsync(network.Id, author, ["los-angeles"], status: "sending");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // Subscribers the ledger never decrypts (the cipher is a placeholder), and one claimed row ('sending') each.
    private const string ClaimedRows = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', sha256(('early-' || n)::bytea), '\x00'::bytea, 1, 'en', 'active' FROM generate_series(1, @count) n
            RETURNING id
        )
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status, attempts, lease_until)
        SELECT @alert, id, 'sms', 'sending', 1, now() + interval '1 minute' FROM s
        RETURNING subscriber_id
        """;

    private async Task<long[]> ClaimedAsync(int count) =>
        (await _db.QueryAsync<long>(ClaimedRows, new { alert = _alert, count })).Order().ToArray();

    private Task<string> StatusAsync(long subscriber) =>
        _db.ScalarAsync<string>("SELECT status FROM deliveries WHERE alert_id = @alert AND subscriber_id = @subscriber", new { alert = _alert, subscriber });

    private DeliveryOutcome Sent(long subscriber, string sid) => new(_alert, subscriber, "sent", ProviderId: sid);

    [Fact]
    public async Task Receipt_BeforeItsOutcomeBatch_AppliedWhenEachBatchIsWritten()
    {
        var rows = await ClaimedAsync(4);

        // Receipts for three sends whose batches are not written yet: all kept.
        Assert.Null(await _ledger.ApplyReceiptAsync("SMearly0", "delivered", null, default));
        Assert.Null(await _ledger.ApplyReceiptAsync("SMearly1", "failed", "30003", default));
        Assert.Null(await _ledger.ApplyReceiptAsync("SMearly3", "delivered", null, default));
        Assert.Equal(3, await _db.ScalarAsync<long>("SELECT count(*) FROM early_receipts"));

        await _ledger.RecordAsync([Sent(rows[0], "SMearly0"), Sent(rows[1], "SMearly1"), Sent(rows[2], "SMearly2")], default);

        Assert.Equal("delivered", await StatusAsync(rows[0]));
        Assert.Equal("failed", await StatusAsync(rows[1]));
        Assert.Equal("30003", await _db.ScalarAsync<string>("SELECT error FROM deliveries WHERE subscriber_id = @s", new { s = rows[1] }));
        Assert.Equal("sent", await StatusAsync(rows[2]));
        Assert.Equal("sending", await StatusAsync(rows[3]));

        // The fourth send's batch comes later, on its own: its receipt is still waiting for it and applied then.
        await _ledger.RecordAsync([Sent(rows[3], "SMearly3")], default);

        Assert.Equal("delivered", await StatusAsync(rows[3]));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM early_receipts"));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE provider_id IS NOT NULL AND status <> 'sent'"));
    }

    [Fact]
    public async Task Receipt_KeptWhileItsOutcomeBatchCommits_AppliedByTheReceipt()
    {
        var row = (await ClaimedAsync(1))[0];
        await using var batch = await _db.DataSource.OpenConnectionAsync();
        await using var tx = await batch.BeginTransactionAsync();
        // The outcome batch, not yet committed: the receipt's look for its row finds nothing.
        await batch.ExecuteAsync("UPDATE deliveries SET status = 'sent', provider_id = 'SMrace', lease_until = NULL WHERE subscriber_id = @row",
            new { row }, tx);
        // Only to order the race: this placeholder makes the receipt's insert into early_receipts wait for this
        // commit, so the batch is committed (and its own look for early receipts long done) before the receipt is kept.
        await batch.ExecuteAsync("INSERT INTO early_receipts (provider_id, status) VALUES ('SMrace', 'failed')", transaction: tx);

        var receipt = _ledger.ApplyReceiptAsync("SMrace", "delivered", null, default);
        await Eventually.HoldsAsync(() => _db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"), n => n == 1, "the receipt waiting");
        await tx.CommitAsync();

        Assert.Null(await receipt);
        Assert.Equal("delivered", await StatusAsync(row));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM early_receipts"));
    }

    // A realistic table: three alerts of 10,000 rows, a third of them sent and waiting for their receipts.
    private const string ManyRows = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', sha256(('many-' || n)::bytea), '\x00'::bytea, 1, 'en', 'active' FROM generate_series(1, 10000) n
            RETURNING id
        )
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status, provider_id)
        SELECT a, s.id, 'sms', (ARRAY['sent', 'delivered', 'pending'])[(s.id % 3)::int + 1],
               CASE WHEN s.id % 3 = 0 THEN 'SM' || md5(a || '-' || s.id) END
        FROM s, unnest(@alerts) a
        """;

    [Fact]
    public async Task ApplyEarly_AfterAnOutcomeBatch_FindsItsRowsByProviderIdWithoutScanningDeliveries()
    {
        var seed = new Seed(_db);
        var network = await _db.ScalarAsync<long>("SELECT network_id FROM alerts WHERE id = @alert", new { alert = _alert });
        var author = await _db.ScalarAsync<long>("SELECT author_id FROM alerts WHERE id = @alert", new { alert = _alert });
        long[] alerts = [_alert, await seed.AlertAsync(network, author, ["los-angeles"]), await seed.AlertAsync(network, author, ["los-angeles"])];
        await _db.ExecuteAsync(ManyRows, new { alerts });
        await _db.ExecuteAsync("ANALYZE deliveries"); // as BroadcastJob does after planning; early_receipts stays empty, never analysed
        var sids = await _db.QueryAsync<string>("SELECT provider_id FROM deliveries WHERE provider_id IS NOT NULL ORDER BY provider_id LIMIT 5");

        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var plan = await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + DeliveryLedger.ApplyEarly, new { sids = sids.ToArray() });

        var scans = Nodes(JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan"))
            .Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "deliveries" && n.GetProperty("Node Type").GetString() != "ModifyTable")
            .Select(n => (Type: n.GetProperty("Node Type").GetString(), Cond: n.TryGetProperty("Index Cond", out var c) ? c.GetString() : null))
            .ToList();
        Assert.NotEmpty(scans);
        Assert.All(scans, s =>
        {
            Assert.NotEqual("Seq Scan", s.Type);
            if (s.Type is "Index Scan" or "Index Only Scan")
                Assert.Contains("provider_id", s.Cond ?? "(a whole index)");
        });
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().SelectMany(Nodes).Prepend(node)
            : [node];
}
