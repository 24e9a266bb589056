using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Broadcaster.Channels.Telegram;

public static class TelegramSetup
{
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramTokenValidator>();
        builder.Services.AddSingleton<AreaChannels>();
        builder.Services.AddTransient<AreaChannelPostJob>();
        builder.Services.AddTransient<CountyChannelPostJob>();
        var options = builder.Configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() ?? new();
        if (!options.Enabled)
            return builder;

        builder.Services.AddSingleton(sp => TelegramBot.Create(sp.GetRequiredService<IOptions<TelegramOptions>>().Value, TelegramBot.RequestTimeout));
        builder.Services.AddSingleton<TelegramChannel>();
        builder.Services.AddSingleton<IMessageChannel>(sp => sp.GetRequiredService<TelegramChannel>());
        builder.Services.AddSingleton<AreaPicker>();
        builder.Services.AddSingleton<TelegramUpdateHandler>();
        builder.Services.AddSingleton<TelegramUpdates>();

        var app = builder.Configuration.GetSection(BroadcasterOptions.Section).Get<BroadcasterOptions>() ?? new();
        if (options.UpdateMode == TelegramUpdateMode.Polling && app.RunsWorkers)
            builder.Services.AddHostedService<TelegramPoller>();
        if (options.UpdateMode == TelegramUpdateMode.Webhook && app.RunsWeb && !string.IsNullOrWhiteSpace(options.PublicUrl))
            builder.Services.AddHostedService<TelegramWebhookRegistration>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (options.Enabled && options.UpdateMode == TelegramUpdateMode.Webhook)
            app.MapPost(TelegramWebhook.Path, TelegramWebhook.HandleAsync);
        return app;
    }
}

/// <summary>A token the SDK would reject fails start-up with one line, not deep inside the first request.</summary>
internal sealed class TelegramTokenValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        if (!o.Enabled)
            return ValidateOptionsResult.Success;
        try
        {
            _ = new TelegramBotClientOptions(o.BotToken!.Trim(), o.ApiBaseUrl);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail("Telegram:BotToken must look like 123456789:AA... (the token BotFather gave)");
        }
    }
}
