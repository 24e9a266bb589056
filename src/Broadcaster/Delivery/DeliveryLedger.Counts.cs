using Broadcaster.Alerts;
using Dapper;

namespace Broadcaster.Delivery;

/// <summary>An alert's delivery rows by status; <see cref="Total"/> 0 once they have been reduced to the alert's count columns.</summary>
public sealed record DeliveryTally(int Total, int Open, int Sent, int Delivered, int Failed, int Skipped)
{
    // 'sending' rows are in flight: still pending as far as a coordinator watching is concerned.
    public DeliveryCounts ToCounts() => new(Open, Sent, Delivered, Failed, Skipped);
}

public sealed partial class DeliveryLedger
{
    private const string Counts = """
        SELECT count(*)::int AS total,
               (count(*) FILTER (WHERE status IN ('pending', 'sending')))::int AS open,
               (count(*) FILTER (WHERE status = 'sent'))::int AS sent,
               (count(*) FILTER (WHERE status = 'delivered'))::int AS delivered,
               (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
               (count(*) FILTER (WHERE status = 'skipped'))::int AS skipped
        FROM deliveries WHERE alert_id = @alertId
        """;

    /// <summary>The one count of an alert's rows: the API's progress, completion and retention all use it.</summary>
    public async Task<DeliveryTally> CountsAsync(long alertId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<DeliveryTally>(new CommandDefinition(Counts, new { alertId }, cancellationToken: ct));
    }

    private const string DeleteRows = "DELETE FROM deliveries WHERE alert_id = @alertId";

    /// <summary>Retention: the rows of an alert whose counts have been kept on the alert.</summary>
    public async Task DeleteAsync(long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(DeleteRows, new { alertId }, commandTimeout: 600, cancellationToken: ct));
    }
}
