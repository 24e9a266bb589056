using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Alerts;

/// <summary>
/// One line of a network's audit log: who did what to which alert or coordinator, when. Names need not be unique,
/// so the actor also shows as their id and the channels they are registered on (phone masked).
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Action, long? AlertId, long? CoordinatorId, string? CoordinatorName,
    string? MaskedPhone = null, bool HasTelegram = false, long? SubjectId = null, string? SubjectName = null, string? Via = null)
{
    /// <summary>"#7 · SMS +1******0111 · Telegram"; "#7" alone once they were revoked (their addresses are erased).</summary>
    public string? Identity => CoordinatorId is not { } id ? null
        : string.Join(" · ", new[] { $"#{id}", MaskedPhone is null ? null : $"SMS {MaskedPhone}", HasTelegram ? "Telegram" : null }.OfType<string>());
}

/// <summary>Reads the audit rows that <see cref="AlertStore"/> (alerts) and CoordinatorStore (team changes) write with every change.</summary>
public sealed class AuditTrail(NpgsqlDataSource db, AddressProtector protector)
{
    private const string SelectRecent = """
        SELECT l.at, l.action, l.alert_id, l.coordinator_id, c.name AS coordinator_name, c.phone_cipher, c.phone_key_id,
               c.telegram_user_id IS NOT NULL AS has_telegram,
               (l.detail ->> 'coordinator')::bigint AS subject_id, l.detail ->> 'name' AS subject_name, l.detail ->> 'via' AS via
        FROM audit_log l LEFT JOIN coordinators c ON c.id = l.coordinator_id
        WHERE l.network_id = @networkId
        ORDER BY l.at DESC, l.id DESC
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(long networkId, int limit = 200)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<Row>(SelectRecent, new { networkId, limit });
        return rows.Select(r => new AuditEntry(
            new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Action, r.AlertId, r.CoordinatorId, r.CoordinatorName,
            r.PhoneCipher is null ? null : Mask.Address(protector.Reveal(r.PhoneCipher, r.PhoneKeyId!.Value)), r.HasTelegram,
            r.SubjectId, r.SubjectName, r.Via)).ToList();
    }

    private sealed class Row
    {
        public DateTime At { get; init; }
        public string Action { get; init; } = "";
        public long? AlertId { get; init; }
        public long? CoordinatorId { get; init; }
        public string? CoordinatorName { get; init; }
        public byte[]? PhoneCipher { get; init; }
        public int? PhoneKeyId { get; init; }
        public bool HasTelegram { get; init; }
        public long? SubjectId { get; init; }
        public string? SubjectName { get; init; }
        public string? Via { get; init; }
    }
}
