namespace Broadcaster.Channels.Telegram;

/// <summary>
/// A message split into its slash command and argument: "/start@rrn_bot los-angeles" is ("start", "los-angeles").
/// Plain text has no command (<see cref="Name"/> null) and the whole text as argument.
/// </summary>
public sealed record TelegramCommand(string? Name, string Argument)
{
    public static TelegramCommand Parse(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('/'))
            return new(null, trimmed);
        var space = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? trimmed[1..] : trimmed[1..space];
        var at = head.IndexOf('@'); // in groups Telegram appends the bot's username to commands
        var name = (at < 0 ? head : head[..at]).ToLowerInvariant();
        return new(name, space < 0 ? "" : trimmed[(space + 1)..].Trim());
    }

    /// <summary>The text with "@botname" removed from the command, for parsers that know only "/alert …".</summary>
    public static string WithoutBotName(string text)
    {
        var c = Parse(text);
        return c.Name is null ? c.Argument : c.Argument.Length == 0 ? "/" + c.Name : $"/{c.Name} {c.Argument}";
    }
}
