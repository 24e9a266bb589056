using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Subscribers;

/// <summary>
/// Opens a <see cref="SubscriberSession"/>: one address's row, locked for one transaction, so two messages
/// from the same address (Twilio may deliver them in parallel) apply one after the other.
/// Addresses reach the database only as <see cref="AddressProtector"/> output.
/// </summary>
public sealed class SubscriberStore(NpgsqlDataSource db, AddressProtector protector)
{
    private const string LockByIndex = """
        SELECT id, status, language FROM subscribers
        WHERE channel = @channel AND address_index = @index
        FOR UPDATE
        """;

    /// <summary>Locks the address's row (when there is one) until the session is committed or disposed.</summary>
    public async Task<SubscriberSession> OpenAsync(string channel, string address)
    {
        var index = protector.BlindIndex(channel, address);
        var conn = await db.OpenConnectionAsync();
        try
        {
            var tx = await conn.BeginTransactionAsync();
            var row = await conn.QuerySingleOrDefaultAsync<Subscriber>(LockByIndex, new { channel, index }, tx);
            return new SubscriberSession(conn, tx, protector, channel, address, index, row);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    private const string SelectLanguage = "SELECT language FROM subscribers WHERE channel = @channel AND address_index = @index";

    /// <summary>The language an address is spoken to in, if it has ever written (the simulator's quick replies follow it).</summary>
    public async Task<string?> LanguageOfAsync(string channel, string address)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<string?>(SelectLanguage, new { channel, index = protector.BlindIndex(channel, address) });
    }

    private const string LockById = "SELECT id, status, language FROM subscribers WHERE id = @id FOR UPDATE";

    /// <summary>Locks a row by id, for jobs (which never hold an address). The session cannot create a row.</summary>
    public async Task<SubscriberSession> OpenAsync(long id)
    {
        var conn = await db.OpenConnectionAsync();
        try
        {
            var tx = await conn.BeginTransactionAsync();
            var row = await conn.QuerySingleOrDefaultAsync<Subscriber>(LockById, new { id }, tx);
            return new SubscriberSession(conn, tx, protector, null, null, null, row);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    // A pending join lapses when its latest JOIN (the newest pending subscription) is older than the cutoff.
    private const string SelectLapsed = """
        SELECT s.id FROM subscribers s
        WHERE s.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM subscriptions p WHERE p.subscriber_id = s.id AND p.created_at >= @cutoff)
        ORDER BY s.id
        LIMIT @limit
        """;

    /// <summary>Pending subscribers whose join has lapsed (candidates: re-check under the row lock).</summary>
    public async Task<IReadOnlyList<long>> LapsedAsync(DateTimeOffset cutoff, int limit)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<long>(SelectLapsed, new { cutoff, limit })).ToList();
    }

    private const string ExpireOffers = "DELETE FROM subscriptions WHERE status = 'offered' AND created_at < @cutoff";

    /// <summary>Erases menu choices older than <paramref name="cutoff"/> (an active number's lapsed menu); returns how many.</summary>
    public async Task<int> ExpireOffersAsync(DateTimeOffset cutoff)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(ExpireOffers, new { cutoff });
    }

    // The one STOP statement (a keyword, a carrier opt-out, a blocked bot): every county left, the address erased,
    // the language back to the default; only the blind index stays, so the opt-out is honoured.
    private const string Stop = """
        DELETE FROM subscriptions WHERE subscriber_id = ANY (@ids);
        UPDATE subscribers
        SET status = 'stopped', address_cipher = NULL, address_key_id = NULL, language = 'en', updated_at = @now
        WHERE id = ANY (@ids);
        """;

    /// <summary>Stops these subscribers inside the caller's transaction.</summary>
    public static Task StopAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long[] ids, DateTimeOffset now) =>
        conn.ExecuteAsync(Stop, new { ids, now }, tx);

    public async Task StopAsync(long id, DateTimeOffset now)
    {
        await using var conn = await db.OpenConnectionAsync();
        await StopAsync(conn, null, [id], now);
    }

    private const string MarkSimulated = """
        UPDATE subscribers SET simulated = true
        WHERE channel = @channel AND address_index = @index AND NOT simulated
        """;

    /// <summary>Marks an address's row as a simulated phone (the simulator's fictional numbers), when it has one.</summary>
    public async Task MarkSimulatedAsync(string channel, string address)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(MarkSimulated, new { channel, index = protector.BlindIndex(channel, address) });
    }
}
