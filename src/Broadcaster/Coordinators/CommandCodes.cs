using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Broadcaster.Coordinators;

public enum CodeCheck { Accepted, Missing, Wrong, Locked }

/// <summary>
/// One-time codes for VERIFY and ABORT by SMS. The Twilio signature proves Twilio sent a request, not who
/// typed it: caller ID can be forged, but a code sent to the real phone cannot be read by the forger.
/// One code per alert and coordinator, 6 random digits; 5 wrong codes lock the alert for text commands.
/// </summary>
public sealed class CommandCodes(NpgsqlDataSource db)
{
    public const int MaxFailures = 5;

    private const string Upsert = """
        INSERT INTO sms_command_codes (alert_id, coordinator_id, code_hash) VALUES (@alertId, @coordinatorId, @hash)
        ON CONFLICT (alert_id, coordinator_id) DO UPDATE SET code_hash = excluded.code_hash, created_at = now()
        """;

    /// <summary>A new code for this coordinator and alert (replacing an earlier one), to send to their phone.</summary>
    public async Task<string> IssueAsync(long alertId, long coordinatorId)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(Upsert, new { alertId, coordinatorId, hash = Hash(alertId, coordinatorId, code) });
        return code;
    }

    private const string SelectState = """
        SELECT (SELECT failures FROM sms_command_failures WHERE alert_id = @alertId) AS failures,
               (SELECT code_hash FROM sms_command_codes WHERE alert_id = @alertId AND coordinator_id = @coordinatorId) AS hash
        """;

    private const string CountFailure = """
        INSERT INTO sms_command_failures (alert_id, failures) VALUES (@alertId, 1)
        ON CONFLICT (alert_id) DO UPDATE SET failures = sms_command_failures.failures + 1
        RETURNING failures
        """;

    /// <summary>Checks a code given by text; a wrong one is counted against the alert.</summary>
    public async Task<(CodeCheck Check, int TriesLeft)> CheckAsync(long alertId, long coordinatorId, string? code)
    {
        await using var conn = await db.OpenConnectionAsync();
        var (failures, hash) = await conn.QuerySingleAsync<(int?, byte[]?)>(SelectState, new { alertId, coordinatorId });
        var matches = code is not null && hash is not null && CryptographicOperations.FixedTimeEquals(hash, Hash(alertId, coordinatorId, code));
        var check = Decide(failures ?? 0, code is not null, matches);
        if (check != CodeCheck.Wrong)
            return (check, MaxFailures - (failures ?? 0));
        var now = await conn.ExecuteScalarAsync<int>(CountFailure, new { alertId });
        return (now >= MaxFailures ? CodeCheck.Locked : CodeCheck.Wrong, Math.Max(0, MaxFailures - now));
    }

    public static CodeCheck Decide(int failures, bool given, bool matches) =>
        failures >= MaxFailures ? CodeCheck.Locked
        : !given ? CodeCheck.Missing
        : matches ? CodeCheck.Accepted
        : CodeCheck.Wrong;

    private static byte[] Hash(long alertId, long coordinatorId, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{alertId}:{coordinatorId}:{code}"));
}
