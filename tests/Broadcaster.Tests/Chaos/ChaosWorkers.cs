using System.Diagnostics;

namespace Broadcaster.Tests.Chaos;

/// <summary>
/// Worker processes (`dotnet Broadcaster.dll serve`, role worker) that can be killed with SIGKILL and started again,
/// configured only through environment variables. Their output is kept (the service masks numbers itself).
/// </summary>
public sealed class ChaosWorkers(string serviceDll, string environment, IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    private readonly List<Process?> _processes = [];
    private readonly List<string> _output = [];

    public int Kills { get; private set; }
    public int Count => _processes.Count;

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output.TakeLast(200)); }
    }

    public void Start(int count)
    {
        for (var i = 0; i < count; i++)
            _processes.Add(StartOne(i));
    }

    /// <summary>Kills worker <paramref name="index"/> at once (no shutdown hook runs) and starts a fresh one in its place.</summary>
    public async Task KillAndRestartAsync(int index)
    {
        var process = _processes[index]!;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        Kills++;
        _processes[index] = StartOne(index);
    }

    /// <summary>A worker that ended by itself is a failure of the run, not chaos.</summary>
    public IEnumerable<int> Exited() => _processes.Select((p, i) => (p, i)).Where(x => x.p?.HasExited == true).Select(x => x.i);

    private Process StartOne(int index)
    {
        var start = new ProcessStartInfo("dotnet", [serviceDll, "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serviceDll),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        start.Environment["Broadcaster__Role"] = "worker";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Collect(index, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(index, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Collect(int index, string? line)
    {
        if (line is not null)
            lock (_output)
                _output.Add($"[worker {index}] {line}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.OfType<Process>())
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        _processes.Clear();
    }
}
