using System.Text.Json;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>What a dispatcher needs of an alert to render it: kind, network name, texts by language.</summary>
public sealed record AlertContent(long Id, string Kind, long? ReplyTo, string NetworkName, IReadOnlyDictionary<string, string> Texts)
{
    private const string Select = """
        SELECT a.id, a.kind, a.reply_to, n.name AS network_name, a.texts::text AS texts
        FROM alerts a JOIN networks n ON n.id = a.network_id
        WHERE a.id = @alertId
        """;

    public static async Task<AlertContent?> LoadAsync(NpgsqlDataSource db, long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Kind, long? ReplyTo, string NetworkName, string Texts)?>(
            new CommandDefinition(Select, new { alertId }, cancellationToken: ct));
        if (row is not { } r)
            return null;
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Texts) ?? [];
        return new AlertContent(r.Id, r.Kind, r.ReplyTo, r.NetworkName, texts);
    }
}

/// <summary>
/// Stand-in for Alerts/AlertText (being written by the alerts work): the one place the fan-out turns
/// an alert into a subscriber's message. Falls back to English, then to any text the alert has.
/// </summary>
internal static class LocalAlertText
{
    public static string Render(AlertContent alert, string language)
    {
        var text = alert.Texts.GetValueOrDefault(language)
            ?? alert.Texts.GetValueOrDefault(Language.English)
            ?? alert.Texts.Values.FirstOrDefault()
            ?? "";
        var label = (language, alert.Kind) switch
        {
            (Language.Spanish, "confirmed") => "CONFIRMADO",
            (Language.Spanish, "update") => "ACTUALIZACIÓN",
            (Language.Spanish, "all-clear") => "TODO DESPEJADO",
            (Language.Spanish, "retraction") => "RECTIFICACIÓN",
            (_, "all-clear") => "ALL CLEAR",
            (_, var kind) => kind.ToUpperInvariant(),
        };
        return $"[{alert.NetworkName}] {label}: {text}";
    }
}
