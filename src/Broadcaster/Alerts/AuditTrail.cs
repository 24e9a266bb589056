using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>One line of a network's audit log: who did what to which alert, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, long? AlertId, long? CoordinatorId, string? CoordinatorName);

/// <summary>Reads the audit rows that <see cref="AlertStore"/> writes with every state change.</summary>
public sealed class AuditTrail(NpgsqlDataSource db)
{
    private const string SelectRecent = """
        SELECT l.at, l.action, l.alert_id, l.coordinator_id, c.name AS coordinator_name
        FROM audit_log l LEFT JOIN coordinators c ON c.id = l.coordinator_id
        WHERE l.network_id = @networkId
        ORDER BY l.at DESC, l.id DESC
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(long networkId, int limit = 200)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(DateTime At, string Action, long? AlertId, long? CoordinatorId, string? CoordinatorName)>(
            SelectRecent, new { networkId, limit });
        return rows.Select(r => new AuditEntry(new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Action, r.AlertId, r.CoordinatorId, r.CoordinatorName)).ToList();
    }
}
