namespace Broadcaster.Bench;

/// <summary>
/// CPU spent per message (microseconds) by this process (the service, the SDK and the fake provider together) and
/// by all PostgreSQL server processes on the machine: where the time of a phase went on a machine the phase saturates.
/// </summary>
public readonly record struct CpuCost(double ProcessMicroseconds, double PostgresMicroseconds)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, as /proc/<pid>/stat counts

    public static Started Start() => new(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, PostgresSeconds());

    public readonly record struct Started(TimeSpan Process, double Postgres)
    {
        public CpuCost PerMessage(int messages) => new(
            (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - Process).TotalMicroseconds / messages,
            (PostgresSeconds() - Postgres) * 1e6 / messages);
    }

    private static double PostgresSeconds()
    {
        double seconds = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _) || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                    continue;
                // Fields after the ")" of the command: state is 3rd, utime 14th, stime 15th of the whole line.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                seconds += (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return seconds;
    }
}
