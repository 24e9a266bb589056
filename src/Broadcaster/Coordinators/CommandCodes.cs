using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Broadcaster.Coordinators;

public enum CodeCheck { Accepted, Missing, Wrong, Locked }

/// <summary>
/// One-time codes for CONFIRM, VERIFY and ABORT by SMS. The Twilio signature proves Twilio sent a request, not
/// who typed it: caller ID can be forged, but a code sent to the real phone cannot be read by the forger.
/// One code per alert and coordinator, 6 random digits. Each try is counted before the code is compared, in one
/// statement (parallel guesses queue on the row), and only against the coordinator whose number sent it: 5 wrong
/// codes lock that coordinator's text commands for that alert, never the alert for the others.
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

    // The try is counted first and the code read in the same statement: the row lock makes parallel tries take turns.
    private const string CountTry = """
        WITH counted AS (
            INSERT INTO sms_command_failures (alert_id, coordinator_id, failures) VALUES (@alertId, @coordinatorId, 1)
            ON CONFLICT (alert_id, coordinator_id) DO UPDATE SET failures = sms_command_failures.failures + 1
            RETURNING failures)
        SELECT (SELECT failures FROM counted) AS tries,
               (SELECT code_hash FROM sms_command_codes WHERE alert_id = @alertId AND coordinator_id = @coordinatorId) AS hash
        """;

    private const string Uncount = """
        UPDATE sms_command_failures SET failures = failures - 1 WHERE alert_id = @alertId AND coordinator_id = @coordinatorId
        """;

    private const string SelectFailures = "SELECT failures FROM sms_command_failures WHERE alert_id = @alertId AND coordinator_id = @coordinatorId";

    /// <summary>Checks a code given by text by <paramref name="coordinatorId"/>'s number; a wrong one counts against that coordinator only.</summary>
    public async Task<(CodeCheck Check, int TriesLeft)> CheckAsync(long alertId, long coordinatorId, string? code)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (code is null)
        {
            var failures = await conn.ExecuteScalarAsync<int?>(SelectFailures, new { alertId, coordinatorId }) ?? 0;
            return (Decide(failures, given: false, matches: false), Math.Max(0, MaxFailures - failures));
        }
        var (tries, hash) = await conn.QuerySingleAsync<(int, byte[]?)>(CountTry, new { alertId, coordinatorId });
        // Tries beyond the fifth are refused before any comparison: no answer tells whether they were right.
        var matches = tries <= MaxFailures && hash is not null && CryptographicOperations.FixedTimeEquals(hash, Hash(alertId, coordinatorId, code));
        var check = Decide(tries - 1, given: true, matches);
        if (check == CodeCheck.Accepted)
            await conn.ExecuteAsync(Uncount, new { alertId, coordinatorId });
        else if (check == CodeCheck.Wrong && tries >= MaxFailures)
            check = CodeCheck.Locked;
        return (check, Math.Max(0, MaxFailures - tries));
    }

    /// <param name="failures">Wrong codes this coordinator gave for this alert before this try.</param>
    public static CodeCheck Decide(int failures, bool given, bool matches) =>
        failures >= MaxFailures ? CodeCheck.Locked
        : !given ? CodeCheck.Missing
        : matches ? CodeCheck.Accepted
        : CodeCheck.Wrong;

    private static byte[] Hash(long alertId, long coordinatorId, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{alertId}:{coordinatorId}:{code}"));
}
