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
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        // The storage is a DI singleton (not JobStorage.Current) so several hosts in one process,
        // as in the tests, each keep to their own database.
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")!;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions);
        });
        // Likewise the activator: AddHangfire's default is JobActivator.Current, a static that the last host to start
        // overwrites, so with several hosts in one process a job could be built from another host's services.
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (app.RunsWorkers)
        {
            foreach (var (queue, workers) in new[] { (Queues.Critical, 4), (Queues.Broadcast, 4), (Queues.Default, 2) })
                builder.Services.AddHangfireServer(o =>
                {
                    o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{queue}";
                    o.Queues = [queue];
                    o.WorkerCount = workers;
                    o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                });
        }
        return builder;
    }
}
