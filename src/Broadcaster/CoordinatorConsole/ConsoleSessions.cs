using System.Security.Cryptography;
using Broadcaster.Coordinators;
using Dapper;
using Npgsql;

namespace Broadcaster.CoordinatorConsole;

/// <summary>Signed-in browsers: a random token in the cookie, its hash here, valid while the coordinator is active and keeps the same API key.</summary>
public sealed class ConsoleSessions(NpgsqlDataSource db, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO console_sessions (token_hash, coordinator_id, created_at, expires_at, key_generation)
        SELECT @hash, id, @now, @expiresAt, key_generation FROM coordinators WHERE id = @coordinatorId
        """;

    // Expired sessions of this coordinator go with each new sign-in, so the table stays small without a job.
    private const string DeleteExpired = "DELETE FROM console_sessions WHERE coordinator_id = @coordinatorId AND expires_at <= @now";

    /// <summary>Starts a session and returns its token (for the cookie only).</summary>
    public async Task<string> StartAsync(long coordinatorId)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(DeleteExpired, new { coordinatorId, now });
        await conn.ExecuteAsync(Insert, new { hash = Hash(token), coordinatorId, now, expiresAt = now + ConsoleAuth.SessionLength });
        return token;
    }

    private const string SelectLive = """
        SELECT c.id, c.network_id, c.name, c.telegram_user_id, c.is_admin
        FROM console_sessions s JOIN coordinators c ON c.id = s.coordinator_id
        WHERE s.token_hash = @hash AND s.expires_at > @now AND c.active AND s.key_generation = c.key_generation
        """;

    /// <summary>The coordinator of a live session; null once signed out, expired, revoked, or given a new API key.</summary>
    public async Task<Coordinator?> FindAsync(string token)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Coordinator>(SelectLive, new { hash = Hash(token), now = clock.GetUtcNow() });
    }

    private const string Delete = "DELETE FROM console_sessions WHERE token_hash = @hash";

    public async Task EndAsync(string token)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(Delete, new { hash = Hash(token) });
    }

    private static byte[] Hash(string token) => SHA256.HashData(Convert.FromBase64String(token));
}
