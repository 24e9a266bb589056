using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// What the shared bucket granted: <see cref="Granted"/> tokens, the bucket holding <see cref="Available"/>
/// before they were taken (negative when other processes have reserved ahead), or nothing while the
/// sender is paused for <see cref="PausedFor"/>. <see cref="DatabaseSeconds"/>: the database's clock (epoch seconds)
/// at the take, from which the granted tokens' slots count.
/// </summary>
public sealed record BucketGrant(int Granted, double Available, TimeSpan PausedFor, bool Probe = false, double DatabaseSeconds = 0);

/// <summary>
/// A sender's token bucket in the <c>channel_rate</c> row keyed by its sender key ("sms", "telegram",
/// "sms:&lt;network id&gt;"), shared by every process on the database. A token is what the provider counts:
/// an SMS segment, a Telegram message. The capacity is one token: an idle sender may send one token's worth
/// at once, then one per 1/rate seconds, so no 1-second window ever holds more than rate + one message.
/// A take may drive the balance below zero: the caller then owns the slots (i + 1 - available) / rate
/// seconds ahead, and the next taker, in whichever process, queues behind them. A reply borrows (<see cref="BorrowAsync"/>):
/// it goes at once and leaves the bucket in debt, which the next takers repay by waiting.
/// </summary>
public sealed class RateBucket(NpgsqlDataSource db)
{
    public const double Capacity = 1;

    // One statement: refill by the time elapsed on the database's clock, take, report the balance.
    // greatest() guards against a clock_timestamp() read before a concurrent take committed.
    private const string Take = """
        WITH old AS (
            SELECT r.sender, r.tokens, r.refreshed_at, r.paused_until, r.half_open, clock_timestamp() AS now
            FROM channel_rate r WHERE r.sender = @sender
            FOR UPDATE
        )
        UPDATE channel_rate r SET
            tokens = CASE WHEN old.paused_until > old.now THEN old.tokens
                          WHEN old.half_open THEN 0
                          ELSE least(@capacity, old.tokens + @rate * greatest(0, extract(epoch FROM old.now - old.refreshed_at)::float8)) - @take END,
            refreshed_at = CASE WHEN old.paused_until > old.now THEN old.refreshed_at ELSE greatest(old.refreshed_at, old.now) END,
            paused_until = CASE WHEN old.half_open AND NOT coalesce(old.paused_until > old.now, false)
                                THEN old.now + make_interval(secs => @probeSeconds) ELSE old.paused_until END
        FROM old
        WHERE r.sender = old.sender
        RETURNING r.tokens, coalesce(extract(epoch FROM old.paused_until - old.now)::float8, 0) AS paused_seconds,
                  old.half_open AND NOT coalesce(old.paused_until > old.now, false) AS probe, extract(epoch FROM old.now)::float8 AS at
        """;

    private const string Seed = """
        INSERT INTO channel_rate (sender, tokens, refreshed_at) VALUES (@sender, @capacity, clock_timestamp())
        ON CONFLICT (sender) DO NOTHING
        """;

    /// <param name="probeFor">While the breaker is half open, the one probe token comes with a pause this long for everyone else.</param>
    public async Task<BucketGrant> TakeAsync(string sender, double rate, int take, CancellationToken ct, TimeSpan? probeFor = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { sender, rate, take, capacity = Capacity, probeSeconds = (probeFor ?? TimeSpan.FromSeconds(30)).TotalSeconds };
        var row = await conn.QuerySingleOrDefaultAsync<(double Tokens, double PausedSeconds, bool Probe, double At)?>(new CommandDefinition(Take, args, cancellationToken: ct));
        if (row is null)
        {
            await conn.ExecuteAsync(new CommandDefinition(Seed, args, cancellationToken: ct));
            row = await conn.QuerySingleAsync<(double Tokens, double PausedSeconds, bool Probe, double At)>(new CommandDefinition(Take, args, cancellationToken: ct));
        }
        var (tokens, pausedSeconds, probe, at) = row.Value;
        if (probe)
            return new BucketGrant(1, 1, TimeSpan.Zero, Probe: true, DatabaseSeconds: at);
        return pausedSeconds > 0
            ? new BucketGrant(0, tokens, TimeSpan.FromSeconds(pausedSeconds), DatabaseSeconds: at)
            : new BucketGrant(take, tokens + take, TimeSpan.Zero, DatabaseSeconds: at);
    }

    // Replies borrow: refilled as a take is (not while paused or half open: the refill then waits for the pause's end),
    // then charged at once whatever the balance, down to the floor -@maxDebt at the lowest. Below it the charge is cut
    // (or, where the fan-out has reserved below it already, nothing is charged): the debt stays bounded.
    private const string Borrow = """
        WITH old AS (
            SELECT r.sender, r.tokens, r.refreshed_at, clock_timestamp() AS now,
                   coalesce(r.paused_until > clock_timestamp(), false) OR r.half_open AS stopped
            FROM channel_rate r WHERE r.sender = @sender
            FOR UPDATE
        ),
        refilled AS (
            SELECT old.*, CASE WHEN old.stopped THEN old.tokens
                               ELSE least(@capacity, old.tokens + @rate * greatest(0, extract(epoch FROM old.now - old.refreshed_at)::float8)) END AS have
            FROM old
        )
        UPDATE channel_rate r SET
            tokens = greatest(refilled.have - @take, least(refilled.have, -@maxDebt)),
            refreshed_at = CASE WHEN refilled.stopped THEN refilled.refreshed_at ELSE greatest(refilled.refreshed_at, refilled.now) END
        FROM refilled
        WHERE r.sender = refilled.sender
        RETURNING refilled.have - r.tokens AS charged
        """;

    /// <summary>
    /// Charges <paramref name="take"/> tokens at once, never waiting: the balance may go below zero (down to
    /// -<paramref name="maxDebt"/>), so every later take, in any process, gets its slots that much later. Returns the
    /// tokens actually charged: fewer than asked when the debt reached its bound.
    /// </summary>
    public async Task<double> BorrowAsync(string sender, double rate, int take, double maxDebt, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { sender, rate, take, maxDebt, capacity = Capacity };
        var charged = await conn.QuerySingleOrDefaultAsync<double?>(new CommandDefinition(Borrow, args, cancellationToken: ct));
        if (charged is null)
        {
            await conn.ExecuteAsync(new CommandDefinition(Seed, args, cancellationToken: ct));
            charged = await conn.QuerySingleAsync<double>(new CommandDefinition(Borrow, args, cancellationToken: ct));
        }
        return charged.Value;
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

    // Only a closed breaker opens: failures of sends that were in flight when it opened change nothing. A longer
    // Retry-After pause stays.
    private const string Open = """
        INSERT INTO channel_rate (sender, tokens, refreshed_at, paused_until, half_open)
        VALUES (@sender, @capacity, clock_timestamp(), clock_timestamp() + make_interval(secs => @seconds), true)
        ON CONFLICT (sender) DO UPDATE
        SET paused_until = greatest(coalesce(channel_rate.paused_until, clock_timestamp()), clock_timestamp() + make_interval(secs => @seconds)),
            half_open = true
        WHERE NOT channel_rate.half_open
        RETURNING paused_until
        """;

    /// <summary>Opens the sender's circuit breaker: paused for every process, then probed with one message. Null when it was open already.</summary>
    public async Task<DateTime?> OpenAsync(string sender, TimeSpan pause, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(Open, new { sender, seconds = pause.TotalSeconds, capacity = Capacity }, cancellationToken: ct));
    }

    private const string Reopen = """
        UPDATE channel_rate SET paused_until = clock_timestamp() + make_interval(secs => @seconds)
        WHERE sender = @sender AND half_open
        RETURNING paused_until
        """;

    /// <summary>The probe failed: paused again for every process. Null when the breaker was closed meanwhile.</summary>
    public async Task<DateTime?> ReopenAsync(string sender, TimeSpan pause, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(Reopen, new { sender, seconds = pause.TotalSeconds }, cancellationToken: ct));
    }

    private const string Close = """
        UPDATE channel_rate SET half_open = false, paused_until = NULL, tokens = @capacity, refreshed_at = clock_timestamp()
        WHERE sender = @sender AND half_open
        """;

    /// <summary>The probe was answered: the breaker closes and the sender resumes at once, in every process. False when it was closed already.</summary>
    public async Task<bool> CloseAsync(string sender, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(Close, new { sender, capacity = Capacity }, cancellationToken: ct)) > 0;
    }

    // The probe's pause (set by the take that granted it) ends now: the next take, in any process, probes.
    private const string GiveBack = "UPDATE channel_rate SET paused_until = clock_timestamp() WHERE sender = @sender AND half_open";

    /// <summary>The probe's message was not sent after all (stopped, aborted, shut down): another one probes at once.</summary>
    public async Task GiveBackProbeAsync(string sender, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(GiveBack, new { sender }, cancellationToken: ct));
    }

    private const string SelectState = """
        SELECT coalesce(paused_until > clock_timestamp(), false) AS paused, half_open,
               CASE WHEN half_open THEN greatest(0, coalesce(extract(epoch FROM paused_until - clock_timestamp())::float8, 0)) ELSE 0 END AS probe_in
        FROM channel_rate WHERE sender = @sender
        """;

    /// <summary>Whether the sender is paused now, whether its breaker is open, and the seconds until its next probe (for the metrics).</summary>
    public async Task<(bool Paused, bool BreakerOpen, double NextProbeSeconds)> StateAsync(string sender, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<(bool, bool, double)>(new CommandDefinition(SelectState, new { sender }, cancellationToken: ct));
    }

    private const string SelectStates = """
        SELECT sender, coalesce(paused_until > clock_timestamp(), false) AS paused, half_open,
               CASE WHEN half_open THEN greatest(0, coalesce(extract(epoch FROM paused_until - clock_timestamp())::float8, 0)) ELSE 0 END AS probe_in
        FROM channel_rate WHERE sender = ANY (@senders)
        """;

    /// <summary><see cref="StateAsync"/> of several senders in one statement (a sender never used yet is neither paused nor open).</summary>
    public async Task<Dictionary<string, (bool Paused, bool BreakerOpen, double NextProbeSeconds)>> StatesAsync(string[] senders, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Sender, bool Paused, bool Open, double ProbeIn)>(new CommandDefinition(SelectStates, new { senders }, cancellationToken: ct));
        var found = rows.ToDictionary(r => r.Sender, r => (r.Paused, r.Open, r.ProbeIn));
        return senders.ToDictionary(s => s, s => found.GetValueOrDefault(s));
    }
}
