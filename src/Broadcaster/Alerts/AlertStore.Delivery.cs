using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>The fan-out's writes to alerts: each runs inside the fan-out's own transaction, so it takes its connection.</summary>
public sealed partial class AlertStore
{
    private const string MarkNotified = "UPDATE alerts SET notified_at = now() WHERE id = @alertId";

    /// <summary>The author has been told the counts: in the transaction that holds the alert's row while telling them.</summary>
    public static Task MarkNotifiedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long alertId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(MarkNotified, new { alertId }, tx, cancellationToken: ct));

    private const string AddResent = """
        UPDATE alerts a SET count_resent = a.count_resent + r.n
        FROM unnest(@alertIds, @counts) AS r(alert_id, n)
        WHERE a.id = r.alert_id
        """;

    /// <summary>Rows taken over from a dead process (each possibly sent twice), added per alert in the transaction that took them.</summary>
    public static async Task AddResentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<(long AlertId, int Count)> resent,
        CancellationToken ct)
    {
        if (resent.Count == 0)
            return;
        await conn.ExecuteAsync(new CommandDefinition(AddResent, new
        {
            alertIds = resent.Select(r => r.AlertId).ToArray(), counts = resent.Select(r => r.Count).ToArray(),
        }, tx, cancellationToken: ct));
    }
}
