using Broadcaster.Infrastructure;

namespace Broadcaster.Channels.Sms;

public static class SmsSetup
{
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        var twilio = builder.Configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new();
        builder.Services.AddTransient<TwilioBaseUrlHandler>();
        builder.Services.AddTransient<TwilioSignature>();
        builder.Services.AddHttpClient(TwilioSmsChannel.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .AddHttpMessageHandler<TwilioBaseUrlHandler>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        if (twilio.Enabled)
        {
            builder.Services.AddSingleton<TwilioSmsChannel>();
            builder.Services.AddSingleton<IMessageChannel>(sp => sp.GetRequiredService<TwilioSmsChannel>());
        }
        else
            builder.Services.AddSingleton<IMessageChannel>(_ => new ConsoleOutbox());
        builder.AddSmsErasure();
        return builder;
    }

    public static IEndpointRouteBuilder MapSms(this IEndpointRouteBuilder app)
    {
        app.MapSmsWebhook();
        return app;
    }
}
