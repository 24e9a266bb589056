namespace Broadcaster.Channels.Sms;

public static class SmsSetup
{
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static IEndpointRouteBuilder MapSms(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
