namespace Broadcaster.Delivery;

public static class DeliverySetup
{
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
