using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Sms;

public sealed class ConsoleOutboxTests
{
    [Fact]
    public async Task Send_PrintsMaskedNumberAndReportsSent()
    {
        var output = new StringWriter();
        var outbox = new ConsoleOutbox(output);

        var result = await outbox.SendAsync("+12135550111", "VERIFIED ALERT: test", default);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.Contains("+1******0111", output.ToString());
        Assert.DoesNotContain("2135550111", output.ToString());
    }

    [Fact]
    public async Task App_WithoutTwilioCredentials_UsesTheConsoleOutbox()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = await TestApp.StartAsync(db);

        Assert.IsType<ConsoleOutbox>(app.Get<ChannelRegistry>().Get(ChannelName.Sms));
    }
}
