namespace Broadcaster.CoordinatorConsole;

public static class ConsoleUrls
{
    /// <summary>A return address only if it is a console page of ours ("/console…", not "//evil" or "/\evil").</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } u && u.StartsWith("/console", StringComparison.Ordinal) && !u.Contains('\\') && !u.StartsWith("//", StringComparison.Ordinal)
            ? u
            : "/console";
}
