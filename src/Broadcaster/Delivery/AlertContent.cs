using System.Text.Json;
using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>What a dispatcher needs of an alert to render it: kind, network name and fallback language, texts by language.</summary>
public sealed record AlertContent(
    long Id, long NetworkId, string Kind, long? ReplyTo, string NetworkName, IReadOnlyDictionary<string, string> Texts, bool Drill = false,
    string FallbackLanguage = "en")
{
    private const string Select = """
        SELECT a.id, a.network_id, a.kind, a.reply_to, n.name AS network_name, a.texts::text AS texts, a.drill, n.fallback_language
        FROM alerts a JOIN networks n ON n.id = a.network_id
        WHERE a.id = @alertId
        """;

    public static async Task<AlertContent?> LoadAsync(NpgsqlDataSource db, long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, long NetworkId, string Kind, long? ReplyTo, string NetworkName, string Texts, bool Drill, string FallbackLanguage)?>(
            new CommandDefinition(Select, new { alertId }, cancellationToken: ct));
        if (row is not { } r)
            return null;
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Texts) ?? [];
        return new AlertContent(r.Id, r.NetworkId, r.Kind, r.ReplyTo, r.NetworkName, texts, r.Drill, r.FallbackLanguage);
    }
}
