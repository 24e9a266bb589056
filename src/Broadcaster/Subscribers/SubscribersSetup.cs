namespace Broadcaster.Subscribers;

public static class SubscribersSetup
{
    public static WebApplicationBuilder AddSubscribers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriberStore>();
        builder.Services.AddSingleton<SubscriberService>();
        builder.Services.AddTransient<LapsedJoinsJob>();
        builder.Services.AddHostedService<LapsedJoinsSchedule>();
        // The SMS keyword router lives with its channel but is registered here, beside the operations it calls.
        builder.Services.AddSingleton<Channels.Sms.SmsInbound>();
        return builder;
    }
}
