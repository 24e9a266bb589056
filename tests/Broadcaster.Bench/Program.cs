using System.Runtime.InteropServices;
using System.Text.Json;
using Broadcaster.Bench;
using Dapper;
using Npgsql;

// The fan-out benchmark (not a test): ./bench.sh [--quick]. Prints a table, then one JSON line.
var quick = args.Contains("--quick");
var only = args.FirstOrDefault(a => a.StartsWith("--only="))?["--only=".Length..].Split(',') ?? ["planning", "throughput", "rate"];
int[] planningSizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
var throughputMessages = quick ? 3_000 : 20_000;
var rateMessages = quick ? 300 : 1_000;
const double Rate = 50;

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
    Console.WriteLine($"| ratio dispatch / bare (dispatch / SDK alone) | {throughput.Ratio:0.00} ({throughput.DispatchPerSecond / throughput.ChannelPerSecond:0.00}) | >= 0.7 |");
}
if (rate is not null && latency is not null)
{
    Console.WriteLine($"| rate accuracy at {rate.Configured} msg/s, 2 worker processes | max {rate.MaxInOneSecond} in any 1 s, achieved {rate.AchievedPerSecond:0.0} msg/s | <= 52, >= 47 |");
    Console.WriteLine($"| the same, first 150 msgs of freshly started processes | max {rate.ColdStartMaxInOneSecond} in any 1 s | <= 52 |");
    Console.WriteLine($"| verify -> first provider request | {string.Join(", ", latency.Seconds.Select(s => $"{s:0.00}"))} s (max {latency.Max:0.00} s) | <= 1 s |");
}
Console.WriteLine();
Console.WriteLine(JsonSerializer.Serialize(new { machine, planning, throughput, rate, latency }));

static string CpuModel() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : RuntimeInformation.ProcessArchitecture.ToString();

static async Task<string> PostgresVersionAsync()
{
    await using var conn = new NpgsqlConnection(BenchDatabase.Admin);
    return await conn.ExecuteScalarAsync<string>("SHOW server_version") ?? "?";
}
