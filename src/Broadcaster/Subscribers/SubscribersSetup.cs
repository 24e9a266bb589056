namespace Broadcaster.Subscribers;

public static class SubscribersSetup
{
    public static WebApplicationBuilder AddSubscribers(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
