using Broadcaster.Coordinators;
using Hangfire;

namespace Broadcaster.Alerts;

public static class AlertsSetup
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertRecipients>();
        services.AddSingleton<AlertTargets>();
        services.AddSingleton<DeliveryEstimator>();
        services.AddSingleton<DraftNotifications>();
        services.AddSingleton<DraftFigures>();
        services.AddSingleton<AlertDrafter>();
        services.AddSingleton<AlertActions>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ICoordinatorCommands, CoordinatorCommands>();
        services.AddSingleton<CoordinatorAuth>();
        services.AddTransient<DraftExpiryJob>();
        services.AddTransient<DraftNotificationJob>();
        services.AddTransient<Drills.DrillNoticeJob>();
        services.AddHostedService<AlertsRecurringJobs>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").AddEndpointFilter<CoordinatorAuth>().MapAlertsApi();
        return app;
    }

    /// <summary>Registers the recurring jobs at start-up (idempotent: AddOrUpdate by id).</summary>
    private sealed class AlertsRecurringJobs(IRecurringJobManager recurring) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            recurring.AddOrUpdate<DraftExpiryJob>(DraftExpiryJob.RecurringId, j => j.RunAsync(), Cron.Minutely());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
