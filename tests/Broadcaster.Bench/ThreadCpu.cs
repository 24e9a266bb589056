namespace Broadcaster.Bench;

/// <summary>One kind of thread's share of a process's CPU over a span (threads grouped by name, as /proc shows it).</summary>
public sealed record ThreadShare(string Name, double Share);

/// <summary>
/// CPU seconds per thread name of another process, from /proc/&lt;pid&gt;/task: where a worker's CPU went, e.g. how
/// much of it the runtime's tiered compilation (".NET Tiered Com", a JIT that has not settled yet) or the GC took.
/// </summary>
public static class ThreadCpu
{
    public const string TieredCompilation = ".NET Tiered Com";
    private const double TicksPerSecond = 100; // USER_HZ

    public static Dictionary<string, double> Snapshot(int pid)
    {
        var seconds = new Dictionary<string, double>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    seconds[name] = seconds.GetValueOrDefault(name) + (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
                }
                catch (IOException)
                {
                    // The thread ended meanwhile (its CPU is then missing from the span: a small underestimate).
                }
            }
        }
        catch (IOException)
        {
        }
        return seconds;
    }

    /// <summary>Each thread name's share of the CPU spent between the two snapshots, largest first.</summary>
    public static ThreadShare[] Shares(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        var spent = after.ToDictionary(a => a.Key, a => Math.Max(0, a.Value - before.GetValueOrDefault(a.Key)));
        var total = spent.Values.Sum();
        return total <= 0 ? [] : [.. spent.Where(s => s.Value > 0).Select(s => new ThreadShare(s.Key, s.Value / total)).OrderByDescending(s => s.Share)];
    }
}
