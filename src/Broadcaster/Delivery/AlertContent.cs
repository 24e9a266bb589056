using System.Text.Json;
using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// What a dispatcher needs of an alert to render and send it: kind, network name and fallback language, texts by
/// language, and the network's own SMS sender (null: the default sender).
/// </summary>
public sealed record AlertContent(
    long Id, long NetworkId, string Kind, long? ReplyTo, string NetworkName, IReadOnlyDictionary<string, string> Texts, bool Drill = false,
    string FallbackLanguage = "en", string? SmsFrom = null, string? SmsService = null, double? SmsRate = null)
{
    private const string Select = """
        SELECT a.id, a.network_id, a.kind, a.reply_to, n.name AS network_name, a.texts::text AS texts, a.drill,
               n.fallback_language, n.sms_from, n.sms_service, n.sms_rate
        FROM alerts a JOIN networks n ON n.id = a.network_id
        WHERE a.id = @alertId
        """;

    public static async Task<AlertContent?> LoadAsync(NpgsqlDataSource db, long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var r = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select, new { alertId }, cancellationToken: ct));
        if (r is null)
            return null;
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Texts) ?? [];
        return new AlertContent(r.Id, r.NetworkId, r.Kind, r.ReplyTo, r.NetworkName, texts, r.Drill, r.FallbackLanguage, r.SmsFrom, r.SmsService, r.SmsRate);
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long NetworkId { get; init; }
        public string Kind { get; init; } = "";
        public long? ReplyTo { get; init; }
        public string NetworkName { get; init; } = "";
        public string Texts { get; init; } = "{}";
        public bool Drill { get; init; }
        public string FallbackLanguage { get; init; } = "en";
        public string? SmsFrom { get; init; }
        public string? SmsService { get; init; }
        public double? SmsRate { get; init; }
    }
}
