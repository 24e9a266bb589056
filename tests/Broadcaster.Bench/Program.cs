using System.Runtime.InteropServices;
using System.Text.Json;
using Broadcaster.Bench;
using Dapper;
using Npgsql;

// The fan-out benchmark (not a test): ./bench.sh [--quick] [--only=a,b] [--minutes N]. Prints a table, then one JSON line.
var quick = args.Contains("--quick");
var only = args.FirstOrDefault(a => a.StartsWith("--only="))?["--only=".Length..].Split(',') ?? ["planning", "throughput", "rate", "segments", "inflight", "aggregate"];
int[] planningSizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
var throughputMessages = quick ? 3_000 : 20_000;
var rateMessages = quick ? 300 : 1_000;
const double Rate = 50;
var segmentMessages = quick ? 100 : 200; // 3 segments each, at 30 segments/s: 10 s, 20 s
var aggregateMessages = quick ? 150 : 250; // per sender, at 50/s: 3 s, 5 s
// Issue 18: the networks' real short-code rate. Not in the default set: --only=aggregate100.
var shortCodeMessages = quick ? 300 : 1_000; // per sender, at 100/s: 3 s, 10 s
// The chaos run is not part of the default set (it takes --minutes, 10 by default): --only=chaos.
var minutesArg = args.Select((a, i) => a.StartsWith("--minutes=") ? a["--minutes=".Length..] : a == "--minutes" && i + 1 < args.Length ? args[i + 1] : null)
    .FirstOrDefault(a => a is not null);
var chaosMinutes = minutesArg is null ? 10 : double.Parse(minutesArg, System.Globalization.CultureInfo.InvariantCulture);
// The aggregate scenarios: --senders=N (23 by default: fewer leave the machine unsaturated), and --worker-env=KEY=VALUE
// (repeatable) for the worker process only, to measure a runtime knob as an experiment (e.g. DOTNET_TieredPGO=0).
var senders = args.FirstOrDefault(a => a.StartsWith("--senders=")) is { } sendersArg ? int.Parse(sendersArg["--senders=".Length..]) : 23;
var workerEnvironment = args.Where(a => a.StartsWith("--worker-env=")).Select(a => a["--worker-env=".Length..].Split('=', 2))
    .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");

var machine = new
{
    date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
    cpu = CpuModel(),
    cores = Environment.ProcessorCount,
    os = RuntimeInformation.OSDescription,
    dotnet = RuntimeInformation.FrameworkDescription,
    postgres = await PostgresVersionAsync(),
    load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
};
Console.WriteLine($"machine: {machine.cpu}, {machine.cores} cores, {machine.os}, {machine.dotnet}, PostgreSQL {machine.postgres}, load {machine.load}");
Console.WriteLine($"PostgreSQL CPU counted: {CpuCost.PostgresScope}");

var planning = new List<PlanningResult>();
foreach (var size in only.Contains("planning") ? planningSizes : [])
{
    planning.Add(await Scenarios.PlanningAsync(size));
    Console.WriteLine($"planning {size}: done");
}
var throughput = only.Contains("throughput") ? await Scenarios.ThroughputAsync(throughputMessages) : null;
Console.WriteLine("throughput: done");
var (rate, latency) = only.Contains("rate") ? await Scenarios.RateAndLatencyAsync(Rate, rateMessages, latencyRuns: 3) : (null, null);
Console.WriteLine("rate and latency: done");
var segments = only.Contains("segments") ? await Scenarios.SegmentRateAsync(30, segmentMessages) : null;
Console.WriteLine("segments: done");
var inFlight = only.Contains("inflight") ? await Scenarios.NewAlertAmongInFlightAsync(4, inFlight: 10, perAlert: 50, runs: 3) : null;
Console.WriteLine("in flight: done");
var aggregate = only.Contains("aggregate") ? await AggregateScenario.RunAsync("aggregate", senders, 50, aggregateMessages, workerEnvironment) : null;
Console.WriteLine("aggregate: done");
var shortCodes = only.Contains("aggregate100") ? await AggregateScenario.RunAsync("aggregate100", senders, 100, shortCodeMessages, workerEnvironment) : null;
Console.WriteLine("aggregate100: done");
var chaos = only.Contains("chaos") ? await ChaosScenario.RunAsync(chaosMinutes) : null;

Console.WriteLine();
Console.WriteLine("| measure | result | goal |");
Console.WriteLine("|---|---|---|");
foreach (var p in planning)
    Console.WriteLine($"| planning {p.Subscribers:N0} subscribers ({p.Rows:N0} deliveries) | {p.Seconds:0.00} s, peak working set +{p.PeakWorkingSetMb:0} MB, {p.AllocatedMb:0.0} MB allocated | streaming, flat memory |");
if (throughput is not null)
{
    Console.WriteLine($"| dispatch, rate limit off (rate >= 10,000/s), {throughput.Messages:N0} msgs, {throughput.Concurrency} in flight | {throughput.DispatchPerSecond:0} msg/s | |");
    Console.WriteLine($"| Twilio SDK channel alone (no database, no limiter), same concurrency and fake | {throughput.ChannelPerSecond:0} msg/s | |");
    Console.WriteLine($"| bare HttpClient loop, same concurrency and fake | {throughput.BarePerSecond:0} msg/s | |");
    Console.WriteLine($"| ratio dispatch / SDK alone (the engine's own overhead) | {throughput.DispatchPerSecond / throughput.ChannelPerSecond:0.00} | >= 0.8 |");
    Console.WriteLine($"| ratio dispatch / bare HttpClient loop (information) | {throughput.Ratio:0.00} | |");
    Console.WriteLine($"| CPU per message, dispatch: this process / PostgreSQL | {throughput.DispatchCpu.ProcessMicroseconds:0} / {throughput.DispatchCpu.PostgresMicroseconds:0} µs | |");
    Console.WriteLine($"| CPU per message, SDK channel alone: this process / PostgreSQL | {throughput.ChannelCpu.ProcessMicroseconds:0} / {throughput.ChannelCpu.PostgresMicroseconds:0} µs | |");
    Console.WriteLine($"| JIT compilation during the measured round (after warm-up rounds until it settles) | {throughput.JitMillisecondsDuringMeasure:0} ms | |");
}
if (rate is not null && latency is not null)
{
    Console.WriteLine($"| rate accuracy at {rate.Configured} msg/s, 2 worker processes | max {rate.MaxInOneSecond} in any 1 s, achieved {rate.AchievedPerSecond:0.0} msg/s | <= 52, >= 47 |");
    Console.WriteLine($"| the same, first 150 msgs of freshly started processes | max {rate.ColdStartMaxInOneSecond} in any 1 s | <= 52 |");
    Console.WriteLine($"| verify -> first provider request | {string.Join(", ", latency.Seconds.Select(s => $"{s:0.00}"))} s (max {latency.Max:0.00} s) | <= 1 s |");
}
if (segments is not null)
    Console.WriteLine($"| segment rate at {segments.Configured} segments/s, 2 worker processes, {segments.Messages} UCS-2 msgs of {segments.MinSegments}-{segments.MaxSegments} segments | max {segments.MaxSegmentsInOneSecond} segments in any 1 s, achieved {segments.AchievedSegmentsPerSecond:0.0} segments/s | <= {segments.Configured + 1}, >= {segments.Configured * 0.95:0.0} |");
if (inFlight is not null)
    Console.WriteLine($"| verify -> first provider request, {inFlight.AlertsInFlight} alerts in flight at {inFlight.Rate} msg/s ({inFlight.StillInFlight} still in flight after) | {string.Join(", ", inFlight.Seconds.Select(s => $"{s:0.00}"))} s (max {inFlight.Max:0.00} s) | <= 1 s |");
foreach (var (many, goal) in new[] { (aggregate, "+4 % / -5 %"), (shortCodes, "+0 % / -3 %") })
{
    if (many is null)
        continue;
    foreach (var line in many.Lines(goal))
        Console.WriteLine(line);
}
if (chaos is not null)
{
    Console.WriteLine();
    foreach (var line in chaos.Lines())
        Console.WriteLine(line);
}
Console.WriteLine();
Console.WriteLine(JsonSerializer.Serialize(new { machine, planning, throughput, rate, latency, segments, inFlight, aggregate, shortCodes, chaos }));

static string CpuModel() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : RuntimeInformation.ProcessArchitecture.ToString();

static async Task<string> PostgresVersionAsync()
{
    await using var conn = new NpgsqlConnection(BenchDatabase.Admin);
    return await conn.ExecuteScalarAsync<string>("SHOW server_version") ?? "?";
}
