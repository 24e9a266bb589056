using System.Globalization;
using System.Security.Cryptography;
using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.CoordinatorConsole;

public enum CodeCheck { Accepted, Wrong, Locked }

/// <summary>
/// One-time 6-digit sign-in codes: valid 10 minutes, 5 tries each (then only a new code helps), one use, and at
/// most 5 codes per coordinator in any hour, so "ask for a code, guess five times" gets 25 guesses an hour
/// against a million codes. A million codes are quickly guessed offline, so the stored hash is keyed (HMAC,
/// blind-index key).
/// </summary>
public sealed class SignInCodes(NpgsqlDataSource db, AddressProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxTries = 5;
    public const int MaxPerHour = 5;

    // The row lock of ON CONFLICT DO UPDATE makes the count and the issue one step: two requests at once
    // cannot both see four codes in the hour.
    private const string Upsert = """
        INSERT INTO console_sign_in_codes AS c (coordinator_id, code_hash, attempts, created_at, expires_at, issued_at)
        VALUES (@coordinatorId, @hash, 0, @now, @expiresAt, ARRAY[@now::timestamptz])
        ON CONFLICT (coordinator_id) DO UPDATE
            SET code_hash = EXCLUDED.code_hash, attempts = 0, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                issued_at = ARRAY(SELECT t FROM unnest(c.issued_at) t WHERE t > @hourAgo ORDER BY t) || @now::timestamptz
            WHERE (SELECT count(*) FROM unnest(c.issued_at) t WHERE t > @hourAgo) < @maxPerHour
        RETURNING coordinator_id
        """;

    /// <summary>A new code for this coordinator (the previous one stops working), or null when they had 5 in the last hour.</summary>
    public async Task<string?> IssueAsync(long coordinatorId)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync();
        var issued = await conn.QuerySingleOrDefaultAsync<long?>(Upsert, new
        {
            coordinatorId, hash = Hash(coordinatorId, code), now, expiresAt = now + Lifetime, hourAgo = now.AddHours(-1), maxPerHour = MaxPerHour,
        });
        return issued is null ? null : code;
    }

    // The try is counted in the statement that compares: the row lock queues parallel guesses, and each one
    // re-reads the count, so 20 guesses at once still get 5 comparisons. A right code ends the code (one use).
    private const string Try = """
        UPDATE console_sign_in_codes
        SET attempts = attempts + 1, expires_at = CASE WHEN code_hash = @hash THEN @now ELSE expires_at END
        WHERE coordinator_id = @coordinatorId AND expires_at > @now AND attempts < @maxTries
        RETURNING code_hash = @hash
        """;

    /// <summary>
    /// Spends one of the code's tries on <paramref name="code"/>: Accepted (the code is used up), Wrong (compared, not
    /// it), or Locked (not compared: no live code, or its 5 tries are spent). A malformed code spends a try too.
    /// </summary>
    public async Task<CodeCheck> CheckAsync(long coordinatorId, string code)
    {
        await using var conn = await db.OpenConnectionAsync();
        var matched = await conn.QuerySingleOrDefaultAsync<bool?>(Try, new { coordinatorId, hash = Hash(coordinatorId, code), now = clock.GetUtcNow(), maxTries = MaxTries });
        return matched switch
        {
            true => CodeCheck.Accepted,
            false => CodeCheck.Wrong,
            null => CodeCheck.Locked,
        };
    }

    private byte[] Hash(long coordinatorId, string code) =>
        protector.BlindIndex("console-code", coordinatorId.ToString(CultureInfo.InvariantCulture) + ":" + code);
}
