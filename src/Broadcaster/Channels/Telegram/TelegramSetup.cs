namespace Broadcaster.Channels.Telegram;

public static class TelegramSetup
{
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
