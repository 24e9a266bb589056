namespace Broadcaster.Infrastructure;

/// <summary>A user error in a CLI command: printed as one line, exit code 1, nothing written.</summary>
public sealed class CommandException(string message) : Exception(message);
