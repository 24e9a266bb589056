using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// What the shared bucket granted: <see cref="Granted"/> tokens, the bucket holding <see cref="Available"/>
/// before they were taken (negative when other processes have reserved ahead), or nothing while the
/// channel is paused for <see cref="PausedFor"/>.
/// </summary>
public sealed record BucketGrant(int Granted, double Available, TimeSpan PausedFor);

/// <summary>
/// A channel's token bucket in the <c>channel_rate</c> row, shared by every process on the database.
/// The capacity is one token: an idle channel may send one message at once, then one per 1/rate
/// seconds, so no 1-second window ever holds more than rate + 1 sends, not even the first. A take
/// may drive the balance below zero: the caller then owns the slots (i + 1 - available) / rate
/// seconds ahead, and the next taker, in whichever process, queues behind them.
/// </summary>
public sealed class RateBucket(NpgsqlDataSource db)
{
    public const double Capacity = 1;

    // One statement: refill by the time elapsed on the database's clock, take, report the balance.
    // greatest() guards against a clock_timestamp() read before a concurrent take committed.
    private const string Take = """
        UPDATE channel_rate r SET
            tokens = CASE WHEN r.paused_until > c.now THEN r.tokens
                          ELSE least(@capacity, r.tokens + @rate * greatest(0, extract(epoch FROM c.now - r.refreshed_at)::float8)) - @take END,
            refreshed_at = CASE WHEN r.paused_until > c.now THEN r.refreshed_at ELSE greatest(r.refreshed_at, c.now) END
        FROM (SELECT clock_timestamp() AS now) c
        WHERE r.channel = @channel
        RETURNING r.tokens, coalesce(extract(epoch FROM r.paused_until - c.now)::float8, 0) AS paused_seconds
        """;

    private const string Seed = """
        INSERT INTO channel_rate (channel, tokens, refreshed_at) VALUES (@channel, @capacity, clock_timestamp())
        ON CONFLICT (channel) DO NOTHING
        """;

    public async Task<BucketGrant> TakeAsync(string channel, double rate, int take, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { channel, rate, take, capacity = Capacity };
        var row = await conn.QuerySingleOrDefaultAsync<(double Tokens, double PausedSeconds)?>(new CommandDefinition(Take, args, cancellationToken: ct));
        if (row is null)
        {
            await conn.ExecuteAsync(new CommandDefinition(Seed, args, cancellationToken: ct));
            row = await conn.QuerySingleAsync<(double Tokens, double PausedSeconds)>(new CommandDefinition(Take, args, cancellationToken: ct));
        }
        var (tokens, pausedSeconds) = row.Value;
        return pausedSeconds > 0
            ? new BucketGrant(0, tokens, TimeSpan.FromSeconds(pausedSeconds))
            : new BucketGrant(take, tokens + take, TimeSpan.Zero);
    }

    private const string Pause = """
        UPDATE channel_rate
        SET paused_until = greatest(coalesce(paused_until, clock_timestamp()), clock_timestamp() + make_interval(secs => @seconds))
        WHERE channel = @channel
        """;

    /// <summary>Stops every process from sending on this channel for <paramref name="duration"/> (provider's Retry-After).</summary>
    public async Task PauseAsync(string channel, TimeSpan duration, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Pause, new { channel, seconds = duration.TotalSeconds }, cancellationToken: ct));
    }
}
