using Dapper;

namespace Broadcaster.Tests.Chaos;

public sealed partial class ChaosRun
{
    private readonly List<string> _countsWentBack = [];

    /// <summary>
    /// What a coordinator watching sees, once a second per alert until it is final: the total never changes once
    /// planned, what was handed to the provider never goes down, and what is pending never goes up.
    /// </summary>
    private async Task PollAsync(CancellationToken ct)
    {
        var last = new Dictionary<long, (int Total, int HandedOver, int Pending)>();
        var final = new HashSet<long>();
        while (!ct.IsCancellationRequested)
        {
            foreach (var alert in _alerts.Where(a => !final.Contains(a.Id)).ToList())
            {
                var json = await _service.ApiAsync(HttpMethod.Get, $"/api/alerts/{alert.Id}", _networks[alert.Network].AuthorKey, null, _refusals);
                if (json is not { } body)
                    continue;
                var c = body.GetProperty("counts");
                int Count(string name) => c.GetProperty(name).GetInt32();
                var (pending, handedOver) = (Count("pending"), Count("sent") + Count("delivered") + Count("failed"));
                var now = (Total: pending + handedOver + Count("skipped"), handedOver, pending);
                if (now.Total == 0)
                    continue; // not planned yet
                if (last.TryGetValue(alert.Id, out var before) && (now.Total != before.Total || now.handedOver < before.HandedOver || now.pending > before.Pending))
                    lock (_countsWentBack)
                        _countsWentBack.Add($"alert {alert.Id}: (total, handed over, pending) {before} then {now}");
                last[alert.Id] = now;
                if (body.GetProperty("completedAt").ValueKind != System.Text.Json.JsonValueKind.Null)
                    final.Add(alert.Id);
            }
            try
            {
                await Task.Delay(1000, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private const string AlertTimes = """
        SELECT id, verified_at AS VerifiedAt, completed_at AS CompletedAt, count_resent AS Resent
        FROM alerts WHERE id = ANY (@ids)
        """;

    private async Task<ChaosReport> MeasureAsync()
    {
        var ids = _alerts.Select(a => a.Id).ToArray();
        await using var conn = await _db.OpenConnectionAsync();
        var times = (await conn.QueryAsync<ChaosAlertTimes>(AlertTimes, new { ids })).ToDictionary(t => t.Id);
        return ChaosReport.Measure(new ChaosObservations(_start, _options, _alerts.ToList(), times, _subscribers, _provider.Accepted.ToList(), _kills,
            _service.ServerErrors, _refusals, _countsWentBack, new Dictionary<string, int>(_provider.Faults), _workers.Exited().Count(),
            _workers.Output));
    }
}

/// <summary>An alert's times on the database clock, and how many of its rows were taken over from a dead process.</summary>
public sealed class ChaosAlertTimes
{
    public long Id { get; init; }
    public DateTime? VerifiedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public int Resent { get; init; }
}

/// <summary>Everything a chaos run saw, for <see cref="ChaosReport.Measure"/>.</summary>
public sealed record ChaosObservations(
    long Start, ChaosOptions Options, IReadOnlyList<ChaosAlert> Alerts, IReadOnlyDictionary<long, ChaosAlertTimes> Times, IReadOnlyList<ChaosSubscriber> Subscribers,
    IReadOnlyList<ChaosArrival> Accepted, IReadOnlyList<long> Kills, IReadOnlyList<string> ServerErrors, IReadOnlyList<string> Refusals,
    IReadOnlyList<string> CountsWentBack, IReadOnlyDictionary<string, int> Faults, int WorkersDiedByThemselves, string WorkerOutput);
