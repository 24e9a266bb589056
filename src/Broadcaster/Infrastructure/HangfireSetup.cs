using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Broadcaster.Infrastructure;

/// <summary>Queue names. Hangfire.PostgreSql serves queues alphabetically, so each gets its own server.</summary>
public static class Queues
{
    /// <summary>Replies and coordinator notifications: must never wait behind a broadcast.</summary>
    public const string Critical = "critical";
    /// <summary>Fan-out planning and dispatch.</summary>
    public const string Broadcast = "broadcast";
    /// <summary>Housekeeping: expiry, retention.</summary>
    public const string Default = "default";
}

public static class HangfireSetup
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder, BroadcasterOptions app)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // The job of a process that dies is fetched again by another one after this long; while
            // the process lives, a heartbeat (every fifth of it) keeps even hour-long dispatchers its own.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(1),
        };
        // The storage is a DI singleton (not JobStorage.Current), and so is the activator: several hosts
        // in one process, as in the tests, each keep to their own database and their own services.
        // The client, the recurring job manager, the servers and the dashboard all resolve these.
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")!;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions);
        });
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogBridge(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (app.RunsWorkers)
        {
            // A dispatcher holds its worker for the whole broadcast of one channel, so the broadcast
            // server has room for several alerts at once (Delivery:BroadcastWorkers).
            var broadcastWorkers = builder.Configuration.GetValue<int?>("Delivery:BroadcastWorkers") ?? 8;
            foreach (var (queue, workers) in new[] { (Queues.Critical, 4), (Queues.Broadcast, broadcastWorkers), (Queues.Default, 2) })
                builder.Services.AddHangfireServer((sp, o) =>
                {
                    o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{queue}";
                    o.Queues = [queue];
                    o.WorkerCount = workers;
                    o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                    o.Activator = sp.GetRequiredService<JobActivator>();
                });
        }
        return builder;
    }
}

/// <summary>
/// Hangfire's log provider is static, so with several hosts in one process (the tests) it points at the
/// last one's logger factory, which may already be disposed: Hangfire components created afterwards
/// would throw. This bridge falls silent instead.
/// </summary>
internal sealed class HangfireLogBridge(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return new Bridged(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new Bridged(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
    }

    private sealed class Bridged(ILogger logger) : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel level, Func<string>? message, Exception? exception = null)
        {
            var mapped = level switch
            {
                Hangfire.Logging.LogLevel.Trace => LogLevel.Trace,
                Hangfire.Logging.LogLevel.Debug => LogLevel.Debug,
                Hangfire.Logging.LogLevel.Info => LogLevel.Information,
                Hangfire.Logging.LogLevel.Warn => LogLevel.Warning,
                Hangfire.Logging.LogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (message is null)
                return logger.IsEnabled(mapped);
            if (logger.IsEnabled(mapped))
                logger.Log(mapped, 0, exception, "{Message}", message());
            return true;
        }
    }
}
