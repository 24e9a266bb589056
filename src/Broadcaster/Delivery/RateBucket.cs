using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// What the shared bucket granted: <see cref="Granted"/> tokens, the bucket holding <see cref="Available"/>
/// before they were taken (negative when other processes have reserved ahead), or nothing while the
/// sender is paused for <see cref="PausedFor"/>.
/// </summary>
public sealed record BucketGrant(int Granted, double Available, TimeSpan PausedFor);

/// <summary>
/// A sender's token bucket in the <c>channel_rate</c> row keyed by its sender key ("sms", "telegram",
/// "sms:&lt;network id&gt;"), shared by every process on the database. A token is what the provider counts:
/// an SMS segment, a Telegram message. The capacity is one token: an idle sender may send one token's worth
/// at once, then one per 1/rate seconds, so no 1-second window ever holds more than rate + one message.
/// A take may drive the balance below zero: the caller then owns the slots (i + 1 - available) / rate
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
        WHERE r.sender = @sender
        RETURNING r.tokens, coalesce(extract(epoch FROM r.paused_until - c.now)::float8, 0) AS paused_seconds
        """;

    private const string Seed = """
        INSERT INTO channel_rate (sender, tokens, refreshed_at) VALUES (@sender, @capacity, clock_timestamp())
        ON CONFLICT (sender) DO NOTHING
        """;

    public async Task<BucketGrant> TakeAsync(string sender, double rate, int take, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { sender, rate, take, capacity = Capacity };
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
        INSERT INTO channel_rate (sender, tokens, refreshed_at, paused_until)
        VALUES (@sender, @capacity, clock_timestamp(), clock_timestamp() + make_interval(secs => @seconds))
        ON CONFLICT (sender) DO UPDATE
        SET paused_until = greatest(coalesce(channel_rate.paused_until, clock_timestamp()), clock_timestamp() + make_interval(secs => @seconds))
        """;

    /// <summary>Stops every process from sending through this sender for <paramref name="duration"/> (provider's Retry-After).</summary>
    public async Task PauseAsync(string sender, TimeSpan duration, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Pause, new { sender, seconds = duration.TotalSeconds, capacity = Capacity }, cancellationToken: ct));
    }
}
