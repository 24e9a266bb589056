using System.Collections.Concurrent;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>A quiet console: a page with a form token logs nothing (antiforgery warned twice per page about Cache-Control).</summary>
public sealed class ConsoleLogTests
{
    [Fact]
    public async Task ConsolePageWithAForm_Get_NoWarningLoggedAndNotCached()
    {
        await using var db = await TestDatabase.CreateAsync();
        var logs = new Capture();
        await using var app = await TestApp.StartAsync(db, overrides: s => s.AddSingleton<ILoggerProvider>(logs));

        var response = await app.Http.GetAsync("/console/sign-in");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains("__af", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl is { NoCache: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Antiforgery", StringComparison.Ordinal));
    }

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
