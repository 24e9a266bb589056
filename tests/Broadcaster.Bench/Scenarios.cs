using System.Diagnostics;
using Broadcaster.Delivery;
using Dapper;
using Hangfire;

namespace Broadcaster.Bench;

public sealed record PlanningResult(int Subscribers, long Rows, double Seconds, double PeakWorkingSetMb, double AllocatedMb);
public sealed record ThroughputResult(int Messages, int Concurrency, double DispatchPerSecond, double ChannelPerSecond, double BarePerSecond, double Ratio,
    CpuCost DispatchCpu, CpuCost ChannelCpu, double JitMillisecondsDuringMeasure);

public sealed record RateResult(double Configured, int Messages, int MaxInOneSecond, double AchievedPerSecond, int[] PerProcess, int ColdStartMaxInOneSecond);
public sealed record LatencyResult(double[] Seconds, double Max);
public sealed record SegmentRateResult(double Configured, int Messages, int MinSegments, int MaxSegments, int Segments, int MaxSegmentsInOneSecond,
    double AchievedSegmentsPerSecond);
public sealed record InFlightResult(double Rate, int AlertsInFlight, int StillInFlight, double[] Seconds, double Max);

public static class Scenarios
{
    private const int MaxWarmUpRounds = 10;
    private static long _compiledLastRound;

    public static async Task<PlanningResult> PlanningAsync(int subscribers)
    {
        await using var db = await BenchDatabase.CreateAsync();
        var (networkId, authorId) = await db.NetworkAsync();
        await db.SyntheticSubscribersAsync(subscribers);
        // Recipients chosen by area overlap: the county's subscribers get the neighbourhood's alert.
        var alert = await db.AlertAsync(networkId, authorId, ["bench-long-beach"]);
        await using var fake = await FakeProvider.StartAsync();
        await using var host = await BenchHost.StartAsync(BenchHost.Settings(db, fake, "web", 1));
        var job = host.Services.GetRequiredService<BroadcastJob>();

        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        var allocated = GC.GetTotalAllocatedBytes();
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        await job.PlanAsync(alert);
        var seconds = clock.Elapsed.TotalSeconds;
        done.Cancel();
        await sampler;
        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert", new { alert });
        return new(subscribers, rows, seconds, (peak - baseline) / 1048576.0, (GC.GetTotalAllocatedBytes() - allocated) / 1048576.0);
    }

    public static async Task<ThroughputResult> ThroughputAsync(int messages)
    {
        await using var db = await BenchDatabase.CreateAsync();
        var (networkId, authorId) = await db.NetworkAsync();
        var numbers = await db.RealSubscribersAsync(messages, "los-angeles", 213);
        var warmUpNumbers = await db.RealSubscribersAsync(Math.Min(2000, messages), "orange", 714);
        await using var fake = await FakeProvider.StartAsync();
        // "Rate limit off": a rate of RateGate.Unlimited or more means no limit.
        await using var host = await BenchHost.StartAsync(BenchHost.Settings(db, fake, "all", 1_000_000));
        var concurrency = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value.MaxConcurrency;
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var channel = host.Services.GetServices<Broadcaster.Channels.IMessageChannel>().Single();

        // Each contender runs unmeasured first, round after round (with pauses), until the runtime's tiered JIT has
        // replaced the first quick code by optimised code: a service sends for hours, so steady state is what counts.
        double dispatch = 0, sdk = 0, bare = 0;
        CpuCost dispatchCpu = default, sdkCpu = default;
        TimeSpan jitDuringMeasure = default;
        for (var round = 0; ; round++)
        {
            var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var measured = round == MaxWarmUpRounds || round > 0 && _compiledLastRound < 20;
            var (audience, county) = measured ? (numbers, "los-angeles") : (warmUpNumbers, "orange");
            await Task.Delay(TimeSpan.FromSeconds(1));
            fake.Clear();
            var alert = await db.AlertAsync(networkId, authorId, [county]);
            var cpu = CpuCost.Start();
            jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(alert));
            await CompletedAsync(db, alert, TimeSpan.FromMinutes(20));
            var dc = cpu.PerMessage(audience.Count);
            var d = Pacing.PerSecond(fake.Arrivals.Select(a => a.At).ToList());

            fake.Clear();
            cpu = CpuCost.Start();
            await ParallelAsync(audience, concurrency, n => channel.SendAsync(n, "[Bench RRN] CONFIRMED: Checkpoint reported at Main St", CancellationToken.None));
            var cc = cpu.PerMessage(audience.Count);
            var c = Pacing.PerSecond(fake.Arrivals.Select(a => a.At).ToList());

            fake.Clear();
            await BareLoopAsync(fake, audience, concurrency);
            var b = Pacing.PerSecond(fake.Arrivals.Select(a => a.At).ToList());
            _compiledLastRound = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
            if (measured)
            {
                (dispatch, sdk, bare, dispatchCpu, sdkCpu) = (d, c, b, dc, cc);
                jitDuringMeasure = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
                break;
            }
        }
        return new(messages, concurrency, dispatch, sdk, bare, dispatch / bare, dispatchCpu, sdkCpu, jitDuringMeasure.TotalMilliseconds);
    }

    // The same requests the SDK makes (form POST, basic auth, JSON answer read), with plain HttpClient.
    private static async Task BareLoopAsync(FakeProvider fake, List<string> numbers, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = fake.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{FakeProvider.AccountSid}:{FakeProvider.AuthToken}")));
        await ParallelAsync(numbers, concurrency, async number =>
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = number, ["From"] = "+12135550100", ["Body"] = "[Bench RRN] CONFIRMED: Checkpoint reported at Main St",
                ["StatusCallback"] = "https://bench.invalid/webhooks/twilio/status",
            });
            using var response = await http.PostAsync(FakeProvider.MessagesPath, content);
            await response.Content.ReadAsStringAsync();
        });
    }

    private static Task ParallelAsync(List<string> numbers, int concurrency, Func<string, Task> send)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < numbers.Count)
                await send(numbers[i]);
        })));
    }

    /// <summary>
    /// Two worker processes (`Broadcaster serve`, role worker) on one database; this process only plans and
    /// verifies. Rate: one alert; each process's sender loop claims its share of the rows.
    /// Latency (after that warm-up): verify, through Hangfire as the API does it, to the fake's first request.
    /// </summary>
    public static async Task<(RateResult Rate, LatencyResult Latency)> RateAndLatencyAsync(double rate, int messages, int latencyRuns)
    {
        await using var db = await BenchDatabase.CreateAsync();
        var (networkId, authorId) = await db.NetworkAsync();
        await db.RealSubscribersAsync(messages, "los-angeles", 213);
        await db.RealSubscribersAsync(150, "orange", 714);
        await using var fake = await FakeProvider.StartAsync();
        var outputs = new[] { new List<string>(), new List<string>() };
        var workers = outputs.Select(o => BenchHost.StartProcess(BenchHost.Settings(db, fake, "worker", rate, broadcastWorkers: 1), o)).ToList();
        try
        {
            await using var web = await BenchHost.StartAsync(BenchHost.Settings(db, fake, "web", rate));
            await WaitAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM hangfire.server") >= 6, TimeSpan.FromMinutes(2), "two worker processes");

            // First a short broadcast to cold processes (new connections, first JIT), then the measured one.
            var planner = web.Services.GetRequiredService<BroadcastJob>();
            var coldAlert = await db.AlertAsync(networkId, authorId, ["orange"]);
            await planner.PlanAsync(coldAlert);
            await CompletedAsync(db, coldAlert, TimeSpan.FromMinutes(2));
            var coldMax = Pacing.MaxInOneSecond(fake.Arrivals.Select(a => a.At).Order().ToList());

            fake.Clear();
            var alert = await db.AlertAsync(networkId, authorId, ["los-angeles"]);
            await planner.PlanAsync(alert);
            await CompletedAsync(db, alert, TimeSpan.FromMinutes(10));
            var arrivals = fake.Arrivals.Select(a => a.At).Order().ToList();
            var rateResult = new RateResult(rate, arrivals.Count, Pacing.MaxInOneSecond(arrivals), Pacing.PerSecond(arrivals),
                [], coldMax);

            var jobs = web.Services.GetRequiredService<IBackgroundJobClient>();
            var latencies = new List<double>();
            for (var run = 0; run < latencyRuns; run++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                fake.Clear();
                var small = await db.AlertAsync(networkId, authorId, ["orange"]);
                var verified = Stopwatch.GetTimestamp();
                jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(small));
                await CompletedAsync(db, small, TimeSpan.FromMinutes(1));
                latencies.Add((double)(fake.Arrivals.Min(a => a.At) - verified) / Stopwatch.Frequency);
            }
            return (rateResult, new LatencyResult([.. latencies], latencies.Max()));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }
    }

    // Romanian, so UCS-2 (ă, ș, ț are not GSM-7): with the network prefix 3 segments of 67 characters.
    private const string UcsText = "Punct de control raportat pe strada Main și 5th Ave: evitați zona, nu deschideți ușa fără mandat semnat de judecător. Sunați linia de urgență.";
    private static readonly string UcsTexts = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["en"] = UcsText, ["es"] = UcsText });

    /// <summary>
    /// (1) Segments are the unit: 3-segment UCS-2 messages at <paramref name="rate"/> segments/s over two worker
    /// processes (`Broadcaster serve`, role worker); this process plans. A short warm-up broadcast first.
    /// </summary>
    public static async Task<SegmentRateResult> SegmentRateAsync(double rate, int messages)
    {
        await using var db = await BenchDatabase.CreateAsync();
        var (networkId, authorId) = await db.NetworkAsync();
        await db.RealSubscribersAsync(messages, "los-angeles", 213);
        await db.RealSubscribersAsync(20, "orange", 714);
        await using var fake = await FakeProvider.StartAsync();
        var outputs = new[] { new List<string>(), new List<string>() };
        var workers = outputs.Select(o => BenchHost.StartProcess(BenchHost.Settings(db, fake, "worker", rate, broadcastWorkers: 1), o)).ToList();
        try
        {
            await using var web = await BenchHost.StartAsync(BenchHost.Settings(db, fake, "web", rate));
            await WaitAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM hangfire.server") >= 6, TimeSpan.FromMinutes(2), "two worker processes");
            var planner = web.Services.GetRequiredService<BroadcastJob>();
            var warmUp = await db.AlertAsync(networkId, authorId, ["orange"], UcsTexts);
            await planner.PlanAsync(warmUp);
            await CompletedAsync(db, warmUp, TimeSpan.FromMinutes(2));

            fake.Clear();
            var alert = await db.AlertAsync(networkId, authorId, ["los-angeles"], UcsTexts);
            await planner.PlanAsync(alert);
            await CompletedAsync(db, alert, TimeSpan.FromMinutes(10));
            var arrivals = fake.Arrivals.OrderBy(a => a.At).Select(a => (a.At, a.Segments)).ToList();
            var segments = arrivals.Sum(a => a.Segments);
            // Over the span from the first request to the last, the last message's segments are not yet "used".
            var span = (double)(arrivals[^1].At - arrivals[0].At) / Stopwatch.Frequency;
            return new(rate, arrivals.Count, arrivals.Min(a => a.Segments), arrivals.Max(a => a.Segments), segments,
                Pacing.MaxSegmentsInOneSecond(arrivals), span > 0 ? (segments - arrivals[^1].Segments) / span : 0);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// (2) <paramref name="inFlight"/> long broadcasts on the default sender at <paramref name="rate"/> msg/s, then a new
    /// alert (verified through Hangfire as the API does): time from verify to its first provider request.
    /// </summary>
    public static async Task<InFlightResult> NewAlertAmongInFlightAsync(double rate, int inFlight, int perAlert, int runs)
    {
        await using var db = await BenchDatabase.CreateAsync();
        var (networkId, authorId) = await db.NetworkAsync();
        await db.RealSubscribersAsync(perAlert, "los-angeles", 213);
        await db.RealSubscribersAsync(3, "orange", 714);
        await using var fake = await FakeProvider.StartAsync();
        await using var host = await BenchHost.StartAsync(BenchHost.Settings(db, fake, "all", rate));
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var running = new List<long>();
        for (var i = 0; i < inFlight; i++)
        {
            var alert = await db.AlertAsync(networkId, authorId, ["los-angeles"]);
            running.Add(alert);
            jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(alert));
        }
        await WaitAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE id = ANY(@running) AND status = 'sending'", new { running }) == inFlight
            && fake.Arrivals.Count >= 3, TimeSpan.FromMinutes(1), $"{inFlight} alerts sending");
        var latencies = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            fake.Clear();
            var fresh = await db.AlertAsync(networkId, authorId, ["orange"]);
            var verified = Stopwatch.GetTimestamp();
            jobs.Enqueue<BroadcastJob>(j => j.PlanAsync(fresh));
            await WaitAsync(() => Task.FromResult(fake.Arrivals.Any(a => a.To.StartsWith("+1714", StringComparison.Ordinal))), TimeSpan.FromMinutes(1),
                $"alert {fresh}'s first send");
            latencies.Add((double)(fake.Arrivals.Where(a => a.To.StartsWith("+1714", StringComparison.Ordinal)).Min(a => a.At) - verified) / Stopwatch.Frequency);
            await CompletedAsync(db, fresh, TimeSpan.FromMinutes(1));
        }
        var still = await db.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE id = ANY(@running) AND completed_at IS NULL", new { running });
        return new(rate, inFlight, (int)still, [.. latencies], latencies.Max());
    }

    internal static Task CompletedAsync(BenchDatabase db, long alert, TimeSpan limit) =>
        WaitAsync(async () => await db.ScalarAsync<bool>("SELECT completed_at IS NOT NULL FROM alerts WHERE id = @alert", new { alert }),
            limit, $"alert {alert} to complete");

    internal static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"waited {limit} for {what}");
            await Task.Delay(20);
        }
    }
}
