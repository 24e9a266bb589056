using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>Keeps the formatted log lines of one category (and its subcategories), to assert what an operator reads.</summary>
public sealed class LogLines(string category) : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public int Count(string containing) => Lines.Count(l => l.Contains(containing, StringComparison.Ordinal));

    public ILogger CreateLogger(string name) => name.StartsWith(category, StringComparison.Ordinal) ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Lines.Enqueue(formatter(state, exception));
    }
}
