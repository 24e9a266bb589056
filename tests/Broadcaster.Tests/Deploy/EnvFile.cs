namespace Broadcaster.Tests.Deploy;

/// <summary>
/// A KEY=value file as systemd's EnvironmentFile and compose's env_file read it: one assignment a line,
/// `#` comments and blank lines ignored, no quoting (deploy/.env.example uses none).
/// </summary>
public static class EnvFile
{
    public static List<KeyValuePair<string, string>> Read(string path)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var eq = line.IndexOf('=');
            if (eq <= 0)
                throw new FormatException($"{path}: not KEY=value: {line}");
            pairs.Add(new(line[..eq], line[(eq + 1)..]));
        }
        return pairs;
    }
}
