using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Recurring jobs are registered at start-up by every process that runs job servers, in the default queue
/// (idempotent: AddOrUpdate by id), so a deployment never depends on someone having registered them once.
/// </summary>
public static class RecurringJobs
{
    /// <param name="enabled">Asked at start-up: when it says no, a registration left by an earlier run is removed.</param>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Expression<Func<TJob, Task>> run, string cron,
        Func<IServiceProvider, bool>? enabled = null) =>
        services.AddSingleton<IHostedService>(sp => new Schedule<TJob>(
            sp.GetRequiredService<IRecurringJobManager>(), sp.GetRequiredService<IOptions<BroadcasterOptions>>().Value,
            id, run, cron, enabled?.Invoke(sp) ?? true));

    private sealed class Schedule<TJob>(IRecurringJobManager recurring, BroadcasterOptions app, string id, Expression<Func<TJob, Task>> run,
        string cron, bool enabled) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            if (app.RunsWorkers && enabled)
                recurring.AddOrUpdate(id, Queues.Default, run, cron);
            else if (app.RunsWorkers)
                recurring.RemoveIfExists(id);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
