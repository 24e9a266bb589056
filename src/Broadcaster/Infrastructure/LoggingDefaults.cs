using Microsoft.Extensions.Configuration.Memory;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Log levels that keep a broadcast quiet: the HttpClient logs four lines per request at Information (4.5 MB
/// for 2,000 messages) and ASP.NET Core two per status callback, so both log from Warning, as does Hangfire. Alerts log one
/// line per milestone (drafted, verified, planned, dispatched, completed) instead. These are the lowest
/// configuration source: appsettings and environment variables (Logging__LogLevel__...) still win.
/// </summary>
public static class LoggingDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Levels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        // About 40 lines at start-up (servers, workers, recurring jobs) that pushed the keys and URLs off the screen.
        ["Logging:LogLevel:Hangfire"] = "Warning",
    };

    public static WebApplicationBuilder AddLoggingDefaults(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return builder;
    }
}
