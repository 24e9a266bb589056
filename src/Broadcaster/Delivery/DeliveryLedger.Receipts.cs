using Dapper;

namespace Broadcaster.Delivery;

public sealed partial class DeliveryLedger
{
    // Statuses only move forward (sent → delivered or failed): receipts come out of order and more than once.
    // Every status applied here is final, so the provider id (which Twilio maps to the number) goes at once.
    private const string Advance = """
        WITH old AS (
            SELECT alert_id, subscriber_id, updated_at FROM deliveries
            WHERE provider_id = @sid AND channel = 'sms' AND status = 'sent'
            FOR UPDATE
        )
        UPDATE deliveries d SET status = @status, error = coalesce(@error, d.error), provider_id = NULL, updated_at = now()
        FROM old
        WHERE d.alert_id = old.alert_id AND d.subscriber_id = old.subscriber_id
        RETURNING extract(epoch FROM now() - old.updated_at)::float8
        """;

    // No row had this provider id a moment ago: its send is still on its way to the database. Kept whether or not
    // the row has landed since (it may have, between the two statements): ApplyEarly, right after, settles it.
    private const string KeepEarly = """
        INSERT INTO early_receipts (provider_id, status, error)
        VALUES (@sid, @status, @error)
        ON CONFLICT (provider_id) DO UPDATE SET status = excluded.status, error = excluded.error
        """;

    /// <summary>A Twilio status receipt: the row moves forward, or the receipt waits for its row. Returns the time since the send, when it moved.</summary>
    public async Task<TimeSpan?> ApplyReceiptAsync(string sid, string status, string? error, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var seconds = await conn.QueryFirstOrDefaultAsync<double?>(new CommandDefinition(Advance, new { sid, status, error }, cancellationToken: ct));
        if (seconds is { } s)
            return TimeSpan.FromSeconds(Math.Max(0, s));
        await conn.ExecuteAsync(new CommandDefinition(KeepEarly, new { sid, status, error }, cancellationToken: ct));
        // The outcome batch may have landed meanwhile: apply at once. If it lands later, it applies the receipt itself.
        await conn.ExecuteAsync(new CommandDefinition(ApplyEarly, new { sids = new[] { sid } }, cancellationToken: ct));
        return null;
    }

    // The kept receipts of these provider ids (@sids) whose rows have landed. Each side passes only its own ids:
    // the outcome batch those it just wrote, the webhook its one receipt's. Both sides know the id of the receipt
    // they race on (see RecordAsync), so that suffices, and it keeps the statement on early_receipts' key and on
    // deliveries_provider_id: matching every kept receipt against every row let the planner scan deliveries after
    // each batch (early_receipts, nearly always empty and never analysed, is estimated at hundreds of rows;
    // measured: 6.2 ms a batch at 46,000 rows, half of PostgreSQL's time in a 23-sender broadcast).
    internal const string ApplyEarly = """
        WITH applied AS (
            DELETE FROM early_receipts e USING deliveries d
            WHERE e.provider_id = ANY (@sids) AND d.provider_id = ANY (@sids)
              AND d.provider_id = e.provider_id AND d.channel = 'sms'
            RETURNING e.provider_id, e.status, e.error
        )
        UPDATE deliveries d SET status = a.status, error = coalesce(a.error, d.error), provider_id = NULL, updated_at = now()
        FROM applied a
        WHERE d.provider_id = ANY (@sids) AND d.provider_id = a.provider_id AND d.status = 'sent'
        """;

    private const string SubscriberOf = "SELECT subscriber_id FROM deliveries WHERE provider_id = @sid AND channel = 'sms' LIMIT 1";

    /// <summary>Whom a provider message id was sent to (for a receipt saying they unsubscribed at the carrier): ask before applying the receipt, which clears the id.</summary>
    public async Task<long?> SubscriberOfAsync(string sid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(SubscriberOf, new { sid }, cancellationToken: ct));
    }

    private const string PruneEarly = "DELETE FROM early_receipts WHERE received_at < now() - interval '10 minutes'";

    /// <summary>Receipts whose send never got recorded (a crash, another deployment's message): dropped after ten minutes.</summary>
    public async Task<int> PruneEarlyReceiptsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(PruneEarly, cancellationToken: ct));
    }
}
