using Broadcaster.Infrastructure;

namespace Broadcaster.Subscribers;

public static class SubscribersSetup
{
    public static WebApplicationBuilder AddSubscribers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriberStore>();
        builder.Services.AddSingleton<SubscriberInbox>();
        builder.Services.AddReplyBudget();
        builder.Services.AddSingleton<InboundRouter>();
        builder.Services.AddTransient<LapsedJoinsJob>();
        builder.Services.AddRecurringJob<LapsedJoinsJob>(LapsedJoinsJob.RecurringId, j => j.RunAsync(), "*/15 * * * *");
        return builder;
    }
}
