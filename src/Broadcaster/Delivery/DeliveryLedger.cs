using Dapper;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>A claimed delivery row with what the send needs; the address is still encrypted.</summary>
public sealed record ClaimedDelivery(long SubscriberId, int Attempts, string SubscriberStatus, byte[]? AddressCipher, int? AddressKeyId, string Language);

/// <summary>What became of one claimed row. <see cref="RetryIn"/> is used when the row goes back to pending.</summary>
public sealed record DeliveryOutcome(long SubscriberId, string Status, string? ProviderId = null, string? Error = null, double RetryInSeconds = 0, bool StopSubscriber = false);

/// <summary>An alert's rows on one channel that are not final yet, and when the next of them can move.</summary>
public sealed record DispatchState(string AlertStatus, long Pending, long Sending, double? NextDueSeconds, double? NextLeaseSeconds);

/// <summary>The per-recipient rows of a broadcast: claiming, outcomes, leases. Every write is set-based.</summary>
public sealed class DeliveryLedger(NpgsqlDataSource db)
{
    // SKIP LOCKED lets any number of dispatchers, in any process, claim disjoint rows; the alert
    // must still be sending, so an abort stops the claims at once.
    private const string Claim = """
        WITH due AS (
            SELECT d.subscriber_id
            FROM deliveries d
            WHERE d.alert_id = @alertId AND d.channel = @channel AND d.status = 'pending' AND d.next_attempt_at <= now()
              AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = @alertId AND a.status = 'sending')
            ORDER BY d.next_attempt_at
            LIMIT @limit
            FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE deliveries d
        SET status = 'sending', attempts = d.attempts + 1, lease_until = now() + @lease, updated_at = now()
        FROM due LEFT JOIN subscribers s ON s.id = due.subscriber_id
        WHERE d.alert_id = @alertId AND d.subscriber_id = due.subscriber_id
        RETURNING d.subscriber_id, d.attempts::int AS attempts, coalesce(s.status, 'missing') AS subscriber_status,
                  s.address_cipher, s.address_key_id, coalesce(s.language, 'en') AS language
        """;

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(long alertId, string channel, int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ClaimedDelivery>(new CommandDefinition(Claim, new { alertId, channel, limit, lease }, cancellationToken: ct));
        return rows.AsList();
    }

    private const string Record = """
        UPDATE deliveries d SET
            status = u.status,
            provider_id = coalesce(u.provider_id, d.provider_id),
            error = u.error,
            next_attempt_at = now() + make_interval(secs => u.retry_in),
            lease_until = NULL,
            updated_at = now()
        FROM unnest(@ids, @statuses, @providerIds, @errors, @retryIns) AS u(subscriber_id, status, provider_id, error, retry_in)
        WHERE d.alert_id = @alertId AND d.subscriber_id = u.subscriber_id AND d.status = 'sending'
        """;

    // Like STOP: the subscriber leaves every county and only the blind index stays.
    private const string StopSubscribers = """
        WITH gone AS (
            UPDATE subscribers SET status = 'stopped', address_cipher = NULL, address_key_id = NULL, updated_at = now()
            WHERE id = ANY (@ids)
            RETURNING id
        )
        DELETE FROM subscriptions WHERE subscriber_id IN (SELECT id FROM gone)
        """;

    /// <summary>Writes a batch of outcomes in one round trip (two when recipients are gone), in one transaction.</summary>
    public async Task RecordAsync(long alertId, IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0)
            return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Record, new
        {
            alertId,
            ids = outcomes.Select(o => o.SubscriberId).ToArray(),
            statuses = outcomes.Select(o => o.Status).ToArray(),
            providerIds = outcomes.Select(o => o.ProviderId).ToArray(),
            errors = outcomes.Select(o => o.Error).ToArray(),
            retryIns = outcomes.Select(o => o.RetryInSeconds).ToArray(),
        }, tx, cancellationToken: ct));
        var gone = outcomes.Where(o => o.StopSubscriber).Select(o => o.SubscriberId).ToArray();
        if (gone.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(StopSubscribers, new { ids = gone }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    // Rows whose lease ran out belong to a process that died mid-batch: they may or may not have
    // reached the provider, so each one reclaimed is counted as a possible duplicate.
    private const string Reclaim = """
        WITH r AS (
            UPDATE deliveries SET status = 'pending', lease_until = NULL, next_attempt_at = now(), updated_at = now()
            WHERE alert_id = @alertId AND channel = @channel AND status = 'sending' AND lease_until < now()
            RETURNING 1
        ), counted AS (
            UPDATE alerts SET count_resent = count_resent + (SELECT count(*) FROM r)
            WHERE id = @alertId AND EXISTS (SELECT 1 FROM r)
        )
        SELECT count(*)::int FROM r
        """;

    public async Task<int> ReclaimExpiredAsync(long alertId, string channel, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(Reclaim, new { alertId, channel }, cancellationToken: ct));
    }

    // Claimed but never handed to the provider (shutdown): back to pending, the attempt not counted.
    private const string Release = """
        UPDATE deliveries SET status = 'pending', lease_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE alert_id = @alertId AND subscriber_id = ANY (@ids) AND status = 'sending'
        """;

    public async Task ReleaseAsync(long alertId, IReadOnlyList<long> subscriberIds, CancellationToken ct)
    {
        if (subscriberIds.Count == 0)
            return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Release, new { alertId, ids = subscriberIds.ToArray() }, cancellationToken: ct));
    }

    private const string SkipPending = """
        UPDATE deliveries SET status = 'skipped', error = @reason, updated_at = now()
        WHERE alert_id = @alertId AND channel = @channel AND status = 'pending'
        """;

    public async Task<int> SkipPendingAsync(long alertId, string channel, string reason, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(SkipPending, new { alertId, channel, reason }, cancellationToken: ct));
    }

    private const string FailPending = """
        UPDATE deliveries SET status = 'failed', error = @reason, updated_at = now()
        WHERE alert_id = @alertId AND channel = @channel AND status = 'pending'
        """;

    public async Task<int> FailPendingAsync(long alertId, string channel, string reason, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(FailPending, new { alertId, channel, reason }, cancellationToken: ct));
    }

    private const string State = """
        SELECT a.status AS alert_status,
               count(d.subscriber_id) FILTER (WHERE d.status = 'pending') AS pending,
               count(d.subscriber_id) FILTER (WHERE d.status = 'sending') AS sending,
               extract(epoch FROM min(d.next_attempt_at) FILTER (WHERE d.status = 'pending') - now())::float8 AS next_due_seconds,
               extract(epoch FROM min(d.lease_until) FILTER (WHERE d.status = 'sending') - now())::float8 AS next_lease_seconds
        FROM alerts a
        LEFT JOIN deliveries d ON d.alert_id = a.id AND d.channel = @channel AND d.status IN ('pending', 'sending')
        WHERE a.id = @alertId
        GROUP BY a.status
        """;

    public async Task<DispatchState?> StateAsync(long alertId, string channel, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DispatchState>(new CommandDefinition(State, new { alertId, channel }, cancellationToken: ct));
    }

    public async Task<string?> AlertStatusAsync(long alertId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT status FROM alerts WHERE id = @alertId", new { alertId }, cancellationToken: ct));
    }

    private const string Beat = """
        INSERT INTO dispatch_heartbeats (alert_id, channel, beat_at) VALUES (@alertId, @channel, now() + @ahead)
        ON CONFLICT (alert_id, channel) DO UPDATE SET beat_at = greatest(dispatch_heartbeats.beat_at, excluded.beat_at)
        """;

    /// <summary>Tells the sweeper a dispatcher is on this (alert, channel) until now + <paramref name="ahead"/>.</summary>
    public async Task HeartbeatAsync(long alertId, string channel, TimeSpan ahead, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Beat, new { alertId, channel, ahead }, cancellationToken: ct));
    }
}
