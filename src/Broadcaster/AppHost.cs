using Broadcaster.Alerts;
using Broadcaster.Channels.Sms;
using Broadcaster.Channels.Telegram;
using Broadcaster.Coordinators;
using Broadcaster.CoordinatorConsole;
using Broadcaster.Counties;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Operators;
using Broadcaster.Privacy;
using Broadcaster.PublicPages;
using Broadcaster.Simulator;
using Broadcaster.Subscribers;
using Microsoft.Extensions.Options;

namespace Broadcaster;

/// <summary>Composes the service: the same composition serves the CLI, `serve`, and the tests.</summary>
public static class AppHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The console's Razor Pages are found in the application's assembly, which under a test host is not the entry one.
            ApplicationName = typeof(AppHost).Assembly.GetName().Name,
        });
        builder.AddLoggingDefaults();
        configure?.Invoke(builder);
        var app = builder.Configuration.GetSection(BroadcasterOptions.Section).Get<BroadcasterOptions>() ?? new();

        builder.AddOptions();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDatabase(builder.Configuration);
        builder.Services.AddSingleton<CountyDirectory>();
        builder.Services.AddSingleton<AreaStore>();
        builder.Services.AddSingleton<NetworkStore>();
        builder.Services.AddSingleton<PlaceFinder>();
        builder.Services.AddSingleton<CoordinatorStore>();
        builder.Services.AddSingleton<CommandCodes>();
        builder.Services.AddSingleton<CoordinatorNotices>();
        builder.Services.AddSingleton<TeamChanges>();
        builder.Services.AddTransient<TeamNoticeJob>();
        builder.Services.AddSingleton<AddressProtector>();
        builder.Services.AddSingleton<BlindIndexCheck>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BlindIndexCheck>());
        builder.Services.AddSingleton<IAddressRekeying, SubscriberRekeying>();
        builder.Services.AddSingleton<IAddressRekeying, CoordinatorRekeying>();
        builder.Services.AddSingleton<KeyRotation>();
        builder.Services.AddSingleton<Channels.ChannelRegistry>();
        builder.AddErrorHandling();
        builder.AddBackgroundJobs(app);
        builder.AddSubscribers();
        builder.AddSms();
        builder.AddTelegram();
        builder.AddAlerts();
        builder.AddDelivery();
        builder.AddKeepLess();
        builder.AddCoordinatorConsole();
        builder.AddOperators();
        builder.AddSimulator();
        builder.AddPublicPages();
        builder.Services.AddSingleton<SignUp.TelegramBotName>();
        builder.Services.AddSingleton<SignUp.SignUpKeywords>();

        var web = builder.Build();
        web.UseErrorHandling();
        web.MapHealth();
        web.UseOperators();
        if (app.RunsWeb)
        {
            web.MapSms();
            web.MapTelegram();
            web.MapAlerts();
            web.MapDelivery();
            web.MapCoordinatorConsole();
            web.MapPublicPages();
        }
        return web;
    }

    private static void AddOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BroadcasterOptions>().BindConfiguration(BroadcasterOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BroadcasterOptions>, BroadcasterOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        builder.Services.AddSingleton<IPostConfigureOptions<PrivacyOptions>, DevelopmentKeySetup>();
    }

    /// <summary>Resolves every options class so a bad setting fails here, before any work, naming its key.</summary>
    public static void ValidateSettings(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<BroadcasterOptions>>().Value;
        _ = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        _ = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        _ = services.GetRequiredService<IOptions<PrivacyOptions>>().Value;
        _ = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
    }
}
