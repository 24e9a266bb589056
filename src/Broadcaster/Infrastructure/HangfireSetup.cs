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
            // the process lives, a heartbeat (every fifth of it) keeps even a long planning job its own.
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
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (app.RunsWorkers)
        {
            // Broadcast workers only plan (sending runs in Delivery's sender loops, outside Hangfire).
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
