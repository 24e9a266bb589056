using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Hangfire's log provider is a process-wide static that every host overwrites as it starts (AddHangfire). With
/// several hosts in one process (the tests) it can be left pointing at a stopped host's disposed LoggerFactory,
/// and Hangfire then throws ObjectDisposedException wherever it makes a logger: building the BackgroundJobClient
/// (a 500 on the request that enqueues), reading [AutomaticRetry], scheduling recurring jobs. This provider
/// falls silent instead. With one host per process, as in production, it is the plain ASP.NET Core provider.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
