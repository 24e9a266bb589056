using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Broadcaster.Tests.Deploy;

/// <summary>
/// The release bundle as an operator gets it: scripts/publish.sh's tarball, unpacked in a temporary folder.
/// Published once per test run (it costs a Release build) and shared by every test that needs it.
/// </summary>
public static class Bundle
{
    private static readonly Lazy<Task<string>> Unpacked = new(PublishAsync);

    /// <summary>The unpacked bundle's folder (holding the executable `Broadcaster`).</summary>
    public static Task<string> FolderAsync() => Unpacked.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    private static async Task<string> PublishAsync()
    {
        var root = Directory.CreateTempSubdirectory("broadcaster-bundle-").FullName;
        var dist = Path.Combine(root, "dist");
        var (code, output) = await RunAsync("bash", [Path.Combine(RepoRoot, "scripts", "publish.sh"), "--out", dist], RepoRoot, null, TimeSpan.FromMinutes(10));
        if (code != 0)
            throw new InvalidOperationException($"scripts/publish.sh failed ({code}):\n{output}");
        var tarball = Directory.GetFiles(dist, "broadcaster-*-linux-x64.tar.gz").Single();
        var unpacked = Path.Combine(root, "unpacked");
        Directory.CreateDirectory(unpacked);
        await using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
            await TarFile.ExtractToDirectoryAsync(gz, unpacked, overwriteFiles: false);
        return Path.Combine(unpacked, "broadcaster");
    }

    /// <summary>Runs a program with exactly <paramref name="environment"/> (null: inherit), returning its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(
        string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} still ran after {limit}: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Broadcaster.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Broadcaster.sln not found above " + AppContext.BaseDirectory);
    }
}
