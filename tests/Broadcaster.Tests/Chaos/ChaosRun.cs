using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Broadcaster.Tests.Chaos;

/// <summary>A subscriber of the run; <see cref="StoppedAt"/> (Stopwatch ticks, and UTC) is when the service answered their STOP.</summary>
public sealed class ChaosSubscriber(int network, string channel, string address)
{
    public int Network { get; } = network;
    public string Channel { get; } = channel;
    public string Address { get; } = address;
    public long? StoppedAt { get; set; }
    public DateTime? StoppedAtUtc { get; set; }
}

/// <summary>An alert of the run: its tag (in its text, so every message says which alert it carries) and, for a retraction, its original's.</summary>
public sealed record ChaosAlert(long Id, int Network, string Tag, string? OriginalTag);

/// <summary>
/// One chaos run against a migrated, empty database: sets up the world through the service's own paths (networks and
/// coordinators by their stores, subscribers by texting JOIN and YES or pressing Start), runs the schedule of
/// <see cref="ChaosOptions"/>, lets every alert finish, and measures what people received (<see cref="ChaosReport"/>).
/// </summary>
public sealed partial class ChaosRun
{
    private static readonly string[] Counties = ["los-angeles", "orange", "san-diego"];
    private static readonly string[] CountyNames = ["Los Angeles", "Orange", "San Diego"];
    private static readonly string[] AreaCodes = ["213", "714", "619"];

    private readonly ChaosOptions _options;
    private readonly Action<string> _log;
    private readonly ChaosProvider _provider;
    private readonly ChaosService _service;
    private readonly ChaosWorkers _workers;
    private readonly NpgsqlDataSource _db;
    private readonly List<(string Slug, string From, string AuthorKey, string VerifierKey)> _networks = [];
    private readonly List<ChaosSubscriber> _subscribers = [];
    private readonly ConcurrentQueue<ChaosAlert> _alerts = new();
    private readonly ConcurrentQueue<Task> _retractions = new();
    private readonly List<string> _refusals = [];
    private readonly List<long> _kills = [];
    private long _start;

    private ChaosRun(ChaosOptions options, Action<string> log, ChaosProvider provider, ChaosService service, ChaosWorkers workers, NpgsqlDataSource db)
    {
        (_options, _log, _provider, _service, _workers, _db) = (options, log, provider, service, workers, db);
    }

    private TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    /// <param name="seed">
    /// Writes an active subscriber of a county directly (the test suite's quick way); null: every subscriber joins as a
    /// person does, by texting JOIN and YES to the network's number or pressing Start (the bench's way).
    /// </param>
    public static async Task<ChaosReport> RunAsync(string connectionString, string encryptionKey, string serviceDll, string environment,
        ChaosOptions options, Action<string> log, Func<ChaosSubscriber, string, Task>? seed = null)
    {
        await using var provider = await ChaosProvider.StartAsync(options.Seed);
        var settings = ChaosService.Settings(connectionString, encryptionKey, provider, options);
        await using var service = await ChaosService.StartAsync(environment, settings);
        await using var workers = new ChaosWorkers(serviceDll, environment, settings);
        await using var db = NpgsqlDataSource.Create(connectionString);
        var run = new ChaosRun(options, log, provider, service, workers, db);
        workers.Start(options.Workers);
        await run.SetUpAsync(seed);
        await run.DriveAsync();
        return await run.MeasureAsync();
    }

    private async Task SetUpAsync(Func<ChaosSubscriber, string, Task>? seed)
    {
        var networks = _service.Services.GetRequiredService<NetworkStore>();
        var coordinators = _service.Services.GetRequiredService<CoordinatorStore>();
        for (var i = 0; i < Counties.Length; i++)
        {
            var (slug, from) = ($"chaos-{i}", $"+1{AreaCodes[i]}5550180");
            await networks.AddAsync(slug, $"Chaos {i} RRN", [Counties[i]], $"+1{AreaCodes[i]}5550190", new SmsSender(from, null, _options.SmsRate));
            var (_, author) = await coordinators.AddAsync(slug, "Ana", null, null);
            var (_, verifier) = await coordinators.AddAsync(slug, "Luis", null, null);
            _networks.Add((slug, from, author, verifier));
            for (var k = 0; k < _options.SmsPerNetwork; k++)
                _subscribers.Add(new ChaosSubscriber(i, "sms", $"+1{AreaCodes[i]}555{1000 + k:0000}"));
            for (var k = 0; k < _options.TelegramPerNetwork; k++)
                _subscribers.Add(new ChaosSubscriber(i, "telegram", $"{700_000_000 + i * 100_000 + k}"));
        }
        await Parallel.ForEachAsync(_subscribers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            if (seed is not null)
                await seed(s, Counties[s.Network]);
            else if (s.Channel == "sms")
            {
                Expect(await _service.TextAsync(s.Address, _networks[s.Network].From, "JOIN " + CountyNames[s.Network]), "JOIN");
                Expect(await _service.TextAsync(s.Address, _networks[s.Network].From, "YES"), "YES");
            }
            else
                Expect(await _service.TelegramAsync(long.Parse(s.Address), "/start " + Counties[s.Network]), "/start");
        });
        var active = await WaitAsync(() => ScalarAsync("SELECT count(*) FROM subscribers WHERE status = 'active'"),
            n => n == _subscribers.Count, TimeSpan.FromSeconds(60));
        if (active != _subscribers.Count)
            throw new InvalidOperationException($"{active} of {_subscribers.Count} subscribers active after joining");
        // The welcome replies go out at the senders' rates; the run starts once they have.
        for (int before = -1, now; (now = _provider.Accepted.Count) != before;)
        {
            before = now;
            await Task.Delay(3000);
        }
        _log($"set up: {_subscribers.Count} subscribers in 3 networks, {_provider.Accepted.Count} welcome messages");
        _provider.Accepted.Clear();
    }

    private static void Expect(HttpResponseMessage response, string what)
    {
        using (response)
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}");
    }

    private async Task DriveAsync()
    {
        _start = Stopwatch.GetTimestamp();
        _provider.RateLimitedShare = _options.RateLimitedShare;
        _provider.ServerErrorShare = _options.ServerErrorShare;
        using var polling = new CancellationTokenSource();
        var poll = PollAsync(polling.Token);
        await Task.WhenAll([ChaosClockAsync(), StopsAsync(), .. Enumerable.Range(0, _networks.Count).Select(AlertsAsync)]);
        while (_retractions.TryDequeue(out var retraction))
            await retraction;
        _log($"{Elapsed:mm\\:ss} schedule over: {_alerts.Count} alerts, {_subscribers.Count(s => s.StoppedAt is not null)} STOPs, {_workers.Kills} kills; draining");

        var ids = _alerts.Select(a => a.Id).ToArray();
        await WaitAsync(() => ScalarAsync("SELECT count(*) FROM alerts WHERE id = ANY (@ids) AND completed_at IS NULL", new { ids }),
            open => open == 0, _options.DrainLimit);
        await Task.Delay(2000); // a last poll of every alert's final counts
        await polling.CancelAsync();
        await poll;
        _log($"{Elapsed:mm\\:ss} drained");
        await using var conn = await _db.OpenConnectionAsync();
        var open = (await conn.QueryAsync<(long, string, long)>("""
            SELECT d.alert_id, d.status, count(*) FROM deliveries d JOIN alerts a ON a.id = d.alert_id
            WHERE a.id = ANY (@ids) AND a.completed_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2
            """, new { ids })).ToList();
        foreach (var (alert, status, left) in open)
            _log($"not final: alert {alert} has {left} {status}");
        if (open.Count > 0)
            foreach (var line in _workers.Output.Split('\n').TakeLast(60))
                _log(line);
    }

    private async Task AlertsAsync(int network)
    {
        var random = new Random(_options.Seed * 31 + network);
        var wait = TimeSpan.FromSeconds(random.Next(2, 10));
        for (var k = 1; Elapsed + wait < _options.Duration; k++)
        {
            await Task.Delay(wait);
            var tag = $"chaos-{network}-{k}";
            var id = await DraftAndVerifyAsync(network, tag, $"ICE checkpoint reported at Main St ({tag})", null);
            if (id is { } original && k % 3 == 1)
                _retractions.Enqueue(RetractAsync(network, original, tag,
                    TimeSpan.FromSeconds(random.Next(_options.RetractionAfterSeconds.Min, _options.RetractionAfterSeconds.Max + 1))));
            wait = TimeSpan.FromSeconds(random.Next(_options.AlertEverySeconds.Min, _options.AlertEverySeconds.Max + 1));
        }
    }

    private async Task RetractAsync(int network, long original, string tag, TimeSpan after)
    {
        await Task.Delay(after);
        await DraftAndVerifyAsync(network, tag + "r", $"Retraction: the checkpoint report was wrong ({tag}r)", (original, tag));
    }

    private async Task<long?> DraftAndVerifyAsync(int network, string tag, string text, (long Id, string Tag)? original)
    {
        var (_, _, author, verifier) = _networks[network];
        var draft = await _service.ApiAsync(HttpMethod.Post, "/api/alerts", author, new
        {
            counties = new[] { Counties[network] },
            texts = new Dictionary<string, string> { ["en"] = text },
            kind = original is null ? "confirmed" : "retraction",
            replyTo = original?.Id,
        }, _refusals);
        if (draft?.GetProperty("id").GetInt64() is not { } id)
            return null;
        if (await _service.ApiAsync(HttpMethod.Post, $"/api/alerts/{id}/verify", verifier, null, _refusals) is null)
            return null;
        _alerts.Enqueue(new ChaosAlert(id, network, tag, original?.Tag));
        return id;
    }

    private async Task StopsAsync()
    {
        var random = new Random(_options.Seed * 17);
        using var timer = new PeriodicTimer(_options.StopEvery);
        while (await timer.WaitForNextTickAsync() && Elapsed < _options.Duration)
        {
            var left = _subscribers.Where(s => s.StoppedAt is null).ToList();
            if (left.Count == 0)
                break;
            var s = left[random.Next(left.Count)];
            using var answer = s.Channel == "sms"
                ? await _service.TextAsync(s.Address, _networks[s.Network].From, "STOP")
                : await _service.TelegramAsync(long.Parse(s.Address), "/stop");
            if (!answer.IsSuccessStatusCode)
                continue; // counted by the service as a 5xx, or noted below as not stopped
            (s.StoppedAt, s.StoppedAtUtc) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
        }
    }

    /// <summary>The outage, and a worker killed (SIGKILL) and started again every <see cref="ChaosOptions.KillEvery"/>.</summary>
    private async Task ChaosClockAsync()
    {
        var nextKill = _options.FirstKill;
        while (Elapsed < _options.Duration)
        {
            var outage = Elapsed >= _options.OutageAt && Elapsed < _options.OutageAt + _options.OutageLength;
            if (outage != _provider.Outage)
                _log($"{Elapsed:mm\\:ss} provider outage {(outage ? "begins" : "ends")}");
            _provider.Outage = outage;
            if (Elapsed >= nextKill)
            {
                await _workers.KillAndRestartAsync(_kills.Count % _workers.Count);
                _kills.Add(Stopwatch.GetTimestamp());
                _log($"{Elapsed:mm\\:ss} worker {(_kills.Count - 1) % _workers.Count} killed (SIGKILL) and started again");
                nextKill += _options.KillEvery;
            }
            await Task.Delay(200);
        }
        _provider.Outage = false;
    }

    private async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var conn = await _db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        T value;
        while (!done(value = await probe()) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(1000);
        return value;
    }
}
