using System.Collections.Concurrent;
using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Delivery;

/// <summary>
/// Sending, in every worker process: one long-lived <see cref="SenderLoop"/> per sender (and channel) that claims
/// due rows across all alerts in flight, instead of a Hangfire job per broadcast. Why: a job per broadcast holds
/// a worker for hours at real provider rates, so with a few long broadcasts running, planning a new alert (or its
/// retraction) waited behind them; and separate jobs cannot put a retraction or a newer alert ahead of the others
/// on a shared sender. The loops take no Hangfire worker; planning, channel posts and notices stay short jobs.
/// Every process runs the same loops; rows are claimed with SKIP LOCKED, so they share the work and any of them
/// takes over what a dead one leaves (its leases expire).
/// </summary>
public sealed class DispatchService(
    NpgsqlDataSource db, Senders senders, RateGates gates, RateBucket bucket, IOptions<BroadcasterOptions> app, DispatchDependencies deps)
    : BackgroundService
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromMilliseconds(500);
    private static readonly string[] Channels = [Broadcaster.Channels.ChannelName.Sms, Broadcaster.Channels.ChannelName.Telegram];

    // An aborted alert stays in flight while it has open rows: they must be skipped and the alert closed.
    private const string InFlightAlerts = """
        SELECT a.id, a.status, coalesce(a.verified_at, a.created_at) AS verified_at FROM alerts a
        WHERE a.completed_at IS NULL
          AND (a.status = 'sending'
               OR (a.status = 'aborted' AND EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND d.status IN ('pending', 'sending'))))
        ORDER BY a.id
        """;

    private readonly ILogger _log = deps.Logs.CreateLogger<DispatchService>();
    private readonly ConcurrentDictionary<long, AlertContent> _contents = new();
    private readonly Dictionary<(string Sender, string Channel), (SenderLoop Loop, Task Run)> _loops = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly HashSet<(long AlertId, string Channel)> _unconfigured = [];
    // One of each per process, shared by all its sender loops: one outcome write and one lease renewal for all senders.
    private OutcomeRecorder? _recorder;
    private LeaseRenewal? _renewal;

    /// <summary>A new alert was planned in this process: look at once rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!app.Value.RunsWorkers)
            return;
        var options = deps.Options.Value;
        await using var recorder = _recorder = new OutcomeRecorder(deps.Ledger, _log);
        _renewal = new LeaseRenewal(deps.Ledger, options.Lease, deps.Time, _log);
        // Not the host's token: leases are renewed until the last loop has finished its sends and given back its rows.
        using var renewing = new CancellationTokenSource();
        var renewal = Task.Run(() => _renewal.RunAsync(renewing.Token));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await LookAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.LogWarning("Looking for alerts in flight failed: {Error}", e.Message);
                }
                await _wake.WaitAsync(LookEvery, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(_loops.Values.Select(l => l.Run));
            renewing.Cancel();
            await renewal;
        }
    }

    private async Task LookAsync(CancellationToken ct)
    {
        List<(long Id, string Status, DateTime VerifiedAt)> rows;
        await using (var conn = await db.OpenConnectionAsync(ct))
            rows = (await conn.QueryAsync<(long, string, DateTime)>(new CommandDefinition(InFlightAlerts, cancellationToken: ct))).AsList();
        var bySender = _loops.Keys.ToDictionary(k => k, _ => new List<InFlight>());
        foreach (var (id, status, verifiedAt) in rows)
        {
            if (!_contents.TryGetValue(id, out var content))
            {
                if (await AlertContent.LoadAsync(db, id, ct) is not { } loaded)
                    continue;
                content = _contents[id] = loaded;
            }
            var inFlight = new InFlight(content, status, new DateTimeOffset(DateTime.SpecifyKind(verifiedAt, DateTimeKind.Utc)));
            foreach (var channel in Channels)
            {
                if (senders.For(content, channel) is not { } sender)
                {
                    // Once per alert: no row on that channel can appear after planning.
                    if (!_unconfigured.Contains((id, channel)))
                    {
                        await UnconfiguredAsync(id, channel, ct);
                        _unconfigured.Add((id, channel));
                    }
                    continue;
                }
                var key = (sender.Key, channel);
                if (!bySender.TryGetValue(key, out var list))
                    bySender[key] = list = [];
                if (!_loops.ContainsKey(key))
                    Start(key, sender, ct);
                list.Add(inFlight);
            }
        }
        foreach (var (key, alerts) in bySender)
            _loops[key].Loop.Update(alerts);
        foreach (var gone in _contents.Keys.Except(rows.Select(r => r.Id)).ToList())
            _contents.TryRemove(gone, out _);
        _unconfigured.RemoveWhere(u => !_contents.ContainsKey(u.AlertId));
        foreach (var (sender, (paused, open, probeIn)) in await bucket.StatesAsync([.. bySender.Keys.Select(k => k.Sender).Distinct()], ct))
            deps.Metrics.State(sender, paused, open, probeIn);
    }

    private void Start((string Sender, string Channel) key, Sender sender, CancellationToken ct)
    {
        var loop = new SenderLoop(sender, key.Channel, gates.For(sender), deps, _recorder!);
        _renewal!.Add(loop.Leases);
        var run = Task.Run(async () =>
        {
            try
            {
                await loop.RunAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Sender loop {Sender}/{Channel} stopped", key.Sender, key.Channel);
            }
        });
        _loops[key] = (loop, run);
    }

    // Every process has the same configuration: rows on a channel it lacks can never be sent, and the alert must still close.
    private async Task UnconfiguredAsync(long alertId, string channel, CancellationToken ct)
    {
        var failed = await deps.Ledger.FailPendingAsync(alertId, channel, $"channel '{channel}' is not configured", ct);
        if (failed > 0)
        {
            _log.LogError("Alert {AlertId}: {Count} {Channel} deliveries failed: the channel is not configured in this process", alertId, failed, channel);
            await deps.Completion.TryCompleteAsync(alertId, ct);
        }
    }
}
