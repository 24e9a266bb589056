using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
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
        services.AddRecurringJob<DraftExpiryJob>(DraftExpiryJob.RecurringId, j => j.RunAsync(), Cron.Minutely());
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").AddEndpointFilter<CoordinatorAuth>().MapAlertsApi();
        return app;
    }
}
