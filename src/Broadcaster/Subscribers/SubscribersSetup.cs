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
        builder.Services.AddHostedService<LapsedJoinsSchedule>();
        return builder;
    }
}
