using System.Data;
using System.Text.RegularExpressions;
using Broadcaster.Infrastructure;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Twilio keeps every message's body and number in the account's logs for months: a subpoena to Twilio, or a
/// leaked Twilio login, would yield every number an alert went to. With Twilio:DeleteFinalMessages (default on)
/// each message is deleted at Twilio once it is final: outbound ones at their final receipt (or 24 h after we
/// last heard of them), inbound ones right after they were answered. This store owns the <c>sms_erasures</c>
/// queue; <see cref="SmsErasureJob"/> works it off.
/// https://www.twilio.com/docs/messaging/api/message-resource#delete-a-message-resource
/// </summary>
public sealed partial class SmsErasures(NpgsqlDataSource db, IOptions<TwilioOptions> twilio, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>A message seen without a final status is deleted this long after, whatever happened to it.</summary>
    public static readonly TimeSpan Unfinished = TimeSpan.FromHours(24);

    /// <summary>Inbound messages stay "receiving" while our webhook answers; Twilio deletes them only once "received".</summary>
    public static readonly TimeSpan InboundSettle = TimeSpan.FromSeconds(5);

    private long _kickedFor;

    public bool Enabled => twilio.Value is { Enabled: true, DeleteFinalMessages: true };

    // A final message is due now, unless its deletion is already under way (attempts > 0: a retry is scheduled).
    private const string ScheduleFinal = """
        INSERT INTO sms_erasures (provider_id, due_at) SELECT sid, now() + make_interval(secs => @delay) FROM unnest(@sids) AS sid
        ON CONFLICT (provider_id) DO UPDATE SET due_at = least(sms_erasures.due_at, excluded.due_at) WHERE sms_erasures.attempts = 0
        """;

    // A broadcast's messages are not queued here: their delivery rows carry the id until it is final, and
    // Delivery's KeepLessJob hands over those still without a final status after 24 h. A queued or sent receipt
    // comes for nearly every message, so this costs a broadcast one index look-up per receipt, not a write.
    private const string ScheduleUnfinished = """
        INSERT INTO sms_erasures (provider_id, due_at)
        SELECT @sid, now() + make_interval(secs => @delay)
        WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE provider_id = @sid)
        ON CONFLICT (provider_id) DO NOTHING
        """;

    /// <summary>A message Twilio reported final (delivered, undelivered, failed): deleted at once.</summary>
    public Task FinalAsync(string sid, CancellationToken ct) => ScheduleAsync([sid], TimeSpan.Zero, ct);

    /// <summary>An inbound message we have answered: deleted as soon as Twilio has taken our answer.</summary>
    public Task InboundAsync(string sid, CancellationToken ct) => ScheduleAsync([sid], InboundSettle, ct);

    /// <summary>A message Twilio reported still on its way (queued, sent): deleted after <see cref="Unfinished"/> if no final status comes.</summary>
    public async Task UnfinishedAsync(string sid, CancellationToken ct)
    {
        if (!Enabled || !IsSid(sid))
            return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduleUnfinished, new { sid, delay = Unfinished.TotalSeconds }, cancellationToken: ct));
    }

    /// <summary>Messages whose ids the caller is clearing inside <paramref name="tx"/>: deleted at Twilio at once, after the commit.</summary>
    public async Task FinalAsync(IReadOnlyCollection<string> sids, IDbConnection conn, IDbTransaction tx, CancellationToken ct)
    {
        var valid = sids.Where(IsSid).ToArray();
        if (!Enabled || valid.Length == 0)
            return;
        await conn.ExecuteAsync(new CommandDefinition(ScheduleFinal, new { sids = valid, delay = 0.0 }, tx, cancellationToken: ct));
    }

    private async Task ScheduleAsync(string[] sids, TimeSpan delay, CancellationToken ct)
    {
        sids = sids.Where(IsSid).ToArray();
        if (!Enabled || sids.Length == 0)
            return;
        await using (var conn = await db.OpenConnectionAsync(ct))
            await conn.ExecuteAsync(new CommandDefinition(ScheduleFinal, new { sids, delay = delay.TotalSeconds }, cancellationToken: ct));
        Kick(delay);
    }

    /// <summary>
    /// Makes sure a run of <see cref="SmsErasureJob"/> starts after <paramref name="delay"/>. A run already scheduled
    /// for later than now in this process will see this row (it claims what is due when it starts), so a broadcast's
    /// thousands of receipts make one job a second, not one each.
    /// </summary>
    public void Kick(TimeSpan delay)
    {
        var at = time.GetUtcNow() + delay;
        var scheduled = Interlocked.Read(ref _kickedFor);
        if (scheduled >= at.UtcTicks)
            return;
        // A short step ahead batches the receipts that follow; one run covers every row due before it starts.
        var runAt = at + TimeSpan.FromSeconds(1);
        if (Interlocked.CompareExchange(ref _kickedFor, runAt.UtcTicks, scheduled) != scheduled)
            return;
        jobs.Schedule<SmsErasureJob>(j => j.RunAsync(CancellationToken.None), runAt - time.GetUtcNow());
    }

    private const string Claim = """
        WITH due AS (
            SELECT provider_id FROM sms_erasures WHERE due_at <= now() ORDER BY due_at LIMIT @batch FOR UPDATE SKIP LOCKED
        )
        UPDATE sms_erasures e SET attempts = e.attempts + 1,
            due_at = now() + make_interval(secs => least(@maxSeconds, @firstSeconds * power(4, e.attempts)))
        FROM due WHERE e.provider_id = due.provider_id
        RETURNING e.provider_id, e.due_at
        """;

    /// <summary>
    /// Takes up to <paramref name="batch"/> due ids. Each is rescheduled as it is taken (2 s, 8 s, 32 s, ... at most
    /// an hour after its last try), so a failed deletion or a process that died is tried again without more bookkeeping.
    /// </summary>
    public async Task<IReadOnlyList<(string Sid, DateTime RetryAt)>> ClaimAsync(int batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string, DateTime)>(new CommandDefinition(Claim,
            new { batch, firstSeconds = FirstRetry.TotalSeconds, maxSeconds = LastRetry.TotalSeconds }, cancellationToken: ct));
        return rows.ToList();
    }

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LastRetry = TimeSpan.FromHours(1);

    private const string Forget = "DELETE FROM sms_erasures WHERE provider_id = @sid";

    /// <summary>Twilio no longer has the message: its id is forgotten too.</summary>
    public async Task DoneAsync(string sid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Forget, new { sid }, cancellationToken: ct));
    }

    /// <summary>A Twilio message SID (SM/MM + 32 hex) or anything alike: letters and digits only, since it goes into a URL path.</summary>
    public static bool IsSid(string? sid) => sid is { Length: >= 4 and <= 64 } && Sid().IsMatch(sid);

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex Sid();
}
