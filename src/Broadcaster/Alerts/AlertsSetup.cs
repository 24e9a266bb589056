namespace Broadcaster.Alerts;

public static class AlertsSetup
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
