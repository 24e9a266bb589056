using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

public static class DeliverySetup
{
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        builder.Services.TryAddSingleton<ChannelRegistry>();
        builder.Services.AddSingleton<RateBucket>();
        builder.Services.AddSingleton<RateGates>();
        builder.Services.AddSingleton<Senders>();
        builder.Services.AddSingleton<ReplyLane>();
        builder.Services.AddSingleton<DeliveryLedger>();
        builder.Services.AddSingleton<Completion>();
        builder.Services.AddTransient<BroadcastJob>();
        builder.Services.AddSingleton<HandOver>();
        builder.Services.AddSingleton<DeliveryMetrics>();
        builder.Services.AddSingleton<DispatchDependencies>();
        builder.Services.AddSingleton<DispatchService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DispatchService>());
        builder.Services.AddTransient<AuthorSummaryJob>();
        builder.Services.AddTransient<SweeperJob>();
        builder.Services.AddTransient<RetentionJob>();
        builder.Services.AddRecurringJob<SweeperJob>("delivery-sweeper", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        builder.Services.AddRecurringJob<RetentionJob>("delivery-retention", j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        return builder;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        app.MapSmsStatusWebhook();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "Broadcaster jobs",
            // Operators only: Operators.OperatorGate decides before the dashboard runs.
            Authorization = [],
        }, new LazyJobStorage(app.ServiceProvider.GetRequiredService<JobStorage>));
        return app;
    }
}
