using System.Globalization;
using System.Security.Cryptography;
using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.CoordinatorConsole;

public enum CodeCheck { Accepted, Wrong, Locked }

/// <summary>
/// One-time 6-digit sign-in codes: valid 10 minutes, dead after 5 wrong tries (then only a new code helps),
/// one use. A million codes are quickly guessed offline, so the stored hash is keyed (HMAC, blind-index key).
/// </summary>
public sealed class SignInCodes(NpgsqlDataSource db, AddressProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(60);
    public const int MaxTries = 5;

    // A live code is replaced only after a minute (or once it is locked or expired), so the sign-in form
    // cannot be used to flood a coordinator's phone.
    private const string Upsert = """
        INSERT INTO console_sign_in_codes AS c (coordinator_id, code_hash, attempts, created_at, expires_at)
        VALUES (@coordinatorId, @hash, 0, @now, @expiresAt)
        ON CONFLICT (coordinator_id) DO UPDATE
            SET code_hash = EXCLUDED.code_hash, attempts = 0, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE c.created_at <= @resendBefore OR c.attempts >= @maxTries OR c.expires_at <= @now
        RETURNING coordinator_id
        """;

    /// <summary>A new code for this coordinator, or null when one was issued less than a minute ago and still works.</summary>
    public async Task<string?> IssueAsync(long coordinatorId)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync();
        var issued = await conn.QuerySingleOrDefaultAsync<long?>(Upsert, new
        {
            coordinatorId, hash = Hash(coordinatorId, code), now, expiresAt = now + Lifetime, resendBefore = now - ResendAfter, maxTries = MaxTries,
        });
        return issued is null ? null : code;
    }

    private const string Consume = """
        DELETE FROM console_sign_in_codes
        WHERE coordinator_id = @coordinatorId AND code_hash = @hash AND expires_at > @now AND attempts < @maxTries
        RETURNING coordinator_id
        """;

    private const string CountTry = """
        UPDATE console_sign_in_codes SET attempts = attempts + 1
        WHERE coordinator_id = @coordinatorId AND expires_at > @now AND attempts < @maxTries
        RETURNING attempts
        """;

    private const string IsLocked = """
        SELECT EXISTS (SELECT 1 FROM console_sign_in_codes WHERE coordinator_id = @coordinatorId AND expires_at > @now AND attempts >= @maxTries)
        """;

    /// <summary>
    /// Checks a code, counting a wrong one. The delete that accepts it is the only way in, so two tabs racing
    /// with the right code cannot both use it. Without a live code the answer is Wrong, as for an unknown person.
    /// </summary>
    public async Task<CodeCheck> CheckAsync(long coordinatorId, string code)
    {
        var now = clock.GetUtcNow();
        var args = new { coordinatorId, hash = Hash(coordinatorId, code), now, maxTries = MaxTries };
        await using var conn = await db.OpenConnectionAsync();
        if (IsWellFormed(code) && await conn.QuerySingleOrDefaultAsync<long?>(Consume, args) is not null)
            return CodeCheck.Accepted;
        var attempts = await conn.QuerySingleOrDefaultAsync<int?>(CountTry, args);
        if (attempts is { } n)
            return n >= MaxTries ? CodeCheck.Locked : CodeCheck.Wrong;
        return await conn.ExecuteScalarAsync<bool>(IsLocked, args) ? CodeCheck.Locked : CodeCheck.Wrong;
    }

    public static bool IsWellFormed(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    private byte[] Hash(long coordinatorId, string code) =>
        protector.BlindIndex("console-code", coordinatorId.ToString(CultureInfo.InvariantCulture) + ":" + code);
}
