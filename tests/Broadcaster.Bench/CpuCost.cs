using Dapper;
using Npgsql;

namespace Broadcaster.Bench;

/// <summary>
/// CPU spent per message (microseconds) by this process (the service, the SDK and the fake provider together) and
/// by the bench's PostgreSQL server (its postmaster and every backend, ended ones included): where the time of a
/// phase went on a machine the phase saturates. Other clusters on the machine (other engineers' test suites) are not
/// counted; only when the bench's server cannot be found (another machine) do all `postgres` processes count.
/// </summary>
public readonly record struct CpuCost(double ProcessMicroseconds, double PostgresMicroseconds)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, as /proc/<pid>/stat counts
    private static readonly Lazy<int?> Postmaster = new(FindPostmaster);

    public static Started Start() => new(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, PostgresSeconds());

    /// <summary>Whose CPU the PostgreSQL figures count.</summary>
    public static string PostgresScope => Postmaster.Value is { } pid ? $"the bench's cluster (postmaster {pid})" : "every postgres process on the machine";

    public readonly record struct Started(TimeSpan Process, double Postgres)
    {
        public CpuCost PerMessage(int messages) => new(
            (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - Process).TotalMicroseconds / messages,
            (PostgresSeconds() - Postgres) * 1e6 / messages);
    }

    private static double PostgresSeconds()
    {
        var postmaster = Postmaster.Value;
        double seconds = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                    continue;
                // Fields after the ")" of the command: state is 3rd, ppid 4th, utime 14th, stime 15th, cutime 16th,
                // cstime 17th of the whole line. The postmaster's cutime/cstime hold its ended backends' CPU.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (postmaster is null)
                    seconds += (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
                else if (pid == postmaster)
                    seconds += (long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14])) / TicksPerSecond;
                else if (int.Parse(fields[1]) == postmaster)
                    seconds += (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return seconds;
    }

    // The first line of postmaster.pid in the cluster's data directory (readable when the cluster is on this machine).
    private static int? FindPostmaster()
    {
        try
        {
            using var conn = new NpgsqlConnection(BenchDatabase.Admin);
            var dataDirectory = conn.ExecuteScalar<string>("SHOW data_directory");
            var pidFile = dataDirectory is null ? null : Path.Combine(dataDirectory, "postmaster.pid");
            return pidFile is not null && File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
