using System.Diagnostics;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>
/// The real service as a separate OS process, `dotnet Broadcaster.dll serve`, configured only through environment
/// variables (as tests/Broadcaster.Bench does it). Disposing kills it if it still runs and hands its output to the test.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _log;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process, ITestOutputHelper log)
    {
        _process = process;
        _log = log;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything it wrote to stdout and stderr so far (the service masks phone numbers itself).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public static ServiceProcess Start(IDictionary<string, string?> settings, ITestOutputHelper log)
    {
        var dll = ServiceDll();
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        var service = new ServiceProcess(new Process { StartInfo = start }, log);
        service._process.OutputDataReceived += (_, e) => service.Collect(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Collect(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGKILL on Linux: no shutdown hook runs, nothing is released or recorded.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    // The SDK copies a referenced Exe project's runtimeconfig and deps files next to the test assembly, so this
    // is the service of the build under test, whatever the configuration.
    private static string ServiceDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Broadcaster.dll");
        foreach (var file in new[] { dll, Path.ChangeExtension(dll, ".runtimeconfig.json") })
            if (!File.Exists(file))
                throw new InvalidOperationException($"{file} is missing: the test project's reference to src/Broadcaster should put it there");
        return dll;
    }

    private void Collect(string? line)
    {
        if (line is not null)
            lock (_output)
                _output.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _log.WriteLine("service process output:\n" + (Output is "" ? "(none)" : Output));
        _process.Dispose();
    }
}
