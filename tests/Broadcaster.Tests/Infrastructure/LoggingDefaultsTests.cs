using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class LoggingDefaultsTests
{
    private static async Task<ILoggerFactory> LoggersAsync(Dictionary<string, string?> settings)
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        settings["ConnectionStrings:Postgres"] = db.ConnectionString;
        settings["Privacy:EncryptionKey"] = TestApp.EncryptionKey;
        settings["Twilio:Outbox"] = "true";
        var app = AppHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        return app.Services.GetRequiredService<ILoggerFactory>();
    }

    [Fact]
    public async Task Defaults_NoPerMessageHttpOrRequestLogs_MilestonesStillLogged()
    {
        var loggers = await LoggersAsync([]);

        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.twilio.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("System.Net.Http.HttpClient.twilio.LogicalHandler").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Broadcaster.Delivery.Completion").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Defaults_HangfireStartUpQuiet_ItsWarningsStillLogged()
    {
        var loggers = await LoggersAsync([]);

        Assert.False(loggers.CreateLogger("Hangfire.Server.BackgroundServerProcess").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Hangfire.Server.BackgroundServerProcess").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Configuration_OverridesTheDefaults()
    {
        var loggers = await LoggersAsync(new() { ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information" });

        Assert.True(loggers.CreateLogger("System.Net.Http.HttpClient.twilio.LogicalHandler").IsEnabled(LogLevel.Information));
    }
}
