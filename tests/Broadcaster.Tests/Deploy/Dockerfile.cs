namespace Broadcaster.Tests.Deploy;

/// <summary>Reads what a Dockerfile sets for the running container, so the bundle test runs with the image's environment.</summary>
public static class Dockerfile
{
    /// <summary>Every `ENV KEY=value ...` (continuation lines joined), in order.</summary>
    public static List<KeyValuePair<string, string>> Env(string path) =>
        Instructions(path).Where(i => i.Name == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .Select(kv => kv.Length == 2 ? new KeyValuePair<string, string>(kv[0], kv[1]) : throw new FormatException($"ENV without '=': {kv[0]}"))
            .ToList();

    /// <summary>The instructions (name upper-cased, arguments on one line), comments and blank lines dropped.</summary>
    public static List<(string Name, string Arguments)> Instructions(string path)
    {
        var result = new List<(string, string)>();
        var current = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
                continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            var space = current.IndexOf(' ');
            result.Add((current[..space].ToUpperInvariant(), current[(space + 1)..].Trim()));
            current = "";
        }
        return result;
    }
}
