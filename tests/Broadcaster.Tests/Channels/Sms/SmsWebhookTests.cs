using System.Collections.Concurrent;
using System.Net;
using Broadcaster.Coordinators;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>The webhook's answer: TwiML format, Twilio's managed opt-out, coordinator commands.</summary>
public sealed class SmsWebhookTests
{
    private const string Ana = "+12135550180";

    [Fact]
    public async Task Reply_Message_TextXmlTwiMLWithEscapedText()
    {
        await using var t = await SmsTestbed.StartAsync();
        await t.Seed.SubscriberAsync("sms", Ana, "en", "napa");

        var (status, body) = await t.PostAsync(SmsTestbed.Form(Ana, "HELP"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith($"<Response><Message statusCallback=\"{FakeTwilio.PublicUrl}/webhooks/twilio/status\">Napa &amp; Sonoma RRN: verified alerts", body);
        Assert.EndsWith("</Message></Response>", body);
        using var request = TwilioSigner.SignedPost(Broadcaster.Channels.Sms.SmsWebhook.Path, SmsTestbed.Form(Ana, "HELP"));
        using var response = await t.App.Http.SendAsync(request);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(t.Twilio.Sends);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("CANCEL")]
    [InlineData("Unsubscribe")]
    [InlineData("QUIT")]
    public async Task ManagedOptOut_EnglishStopWord_RecordedButEmptyResponse(string word)
    {
        await using var t = await SmsTestbed.StartAsync(managedOptOut: true);
        await t.Seed.SubscriberAsync("sms", Ana, "en", "los-angeles");

        var (status, body) = await t.PostAsync(SmsTestbed.Form(Ana, word));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("<Response/>", body);
        Assert.Equal("stopped", await t.StatusAsync(Ana));
    }

    [Fact]
    public async Task ManagedOptOut_On_TwilioWordsSilentEverythingElseAnswered()
    {
        await using var t = await SmsTestbed.StartAsync(managedOptOut: true);

        var help = await t.TextAsync(Ana, "HELP");
        var info = await t.TextAsync(Ana, "info");
        var helpMe = await t.TextAsync(Ana, "help me please");
        var ask = await t.TextAsync(Ana, "JOIN LA");
        var welcome = await t.TextAsync(Ana, "YES");
        var ayuda = await t.TextAsync(Ana, "AYUDA");
        var alto = await t.TextAsync(Ana, "ALTO");

        Assert.Null(help);
        Assert.Null(info);
        Assert.StartsWith("Rapid Response Alerts: verified alerts", helpMe);
        Assert.StartsWith("LA RRN: Reply YES", ask);
        Assert.StartsWith("LA RRN: You'll get alerts for Los Angeles County.", welcome);
        Assert.StartsWith("LA RRN: verified alerts", ayuda);
        Assert.StartsWith("LA RRN: You're unsubscribed", alto);
        Assert.Equal("stopped", await t.StatusAsync(Ana));
    }

    [Fact]
    public async Task ManagedOptOut_Off_StopAndHelpAnswered()
    {
        await using var t = await SmsTestbed.StartAsync(managedOptOut: false);
        await t.Seed.SubscriberAsync("sms", Ana, "en", "los-angeles");

        var help = await t.TextAsync(Ana, "HELP");
        var stop = await t.TextAsync(Ana, "STOP");

        Assert.StartsWith("LA RRN: verified alerts from your Rapid Response Network.", help);
        Assert.StartsWith("LA RRN: You're unsubscribed", stop);
    }

    [Fact]
    public async Task ManagedOptOut_NotConfigured_OnByDefault()
    {
        await using var t = await SmsTestbed.StartAsync(managedOptOut: null);
        await t.Seed.SubscriberAsync("sms", Ana, "en", "los-angeles");

        var stop = await t.TextAsync(Ana, "STOP");

        Assert.Null(stop);
        Assert.Equal("stopped", await t.StatusAsync(Ana));
    }

    private sealed class FakeCommands : ICoordinatorCommands
    {
        public ConcurrentQueue<(long CoordinatorId, string Text)> Seen { get; } = new();

        public Task<string?> TryHandleAsync(Coordinator coordinator, string text, CancellationToken ct)
        {
            Seen.Enqueue((coordinator.Id, text));
            return Task.FromResult(text.StartsWith("STATUS", StringComparison.OrdinalIgnoreCase) ? $"Alert 7 for {coordinator.Name}: sending" : null);
        }
    }

    [Fact]
    public async Task Coordinator_Command_AnsweredByCoordinatorCommandsOthersGetKeywords()
    {
        const string coordinatorPhone = "+12135550189";
        var commands = new FakeCommands();
        await using var t = await SmsTestbed.StartAsync(overrides: s => s.AddSingleton<ICoordinatorCommands>(commands));
        await t.Seed.CoordinatorAsync("la-rrn", "Ana", coordinatorPhone);

        var status = await t.TextAsync(coordinatorPhone, "STATUS 7");
        var help = await t.TextAsync(coordinatorPhone, "HELP");
        var cancel = await t.TextAsync(coordinatorPhone, "CANCEL");
        var stranger = await t.TextAsync(Ana, "STATUS 7");

        Assert.Equal("Alert 7 for Ana: sending", status);
        Assert.StartsWith("Rapid Response Alerts: verified alerts", help);
        Assert.StartsWith("Rapid Response Alerts: You're unsubscribed", cancel);
        Assert.StartsWith("This number sends Rapid Response alerts", stranger);
        Assert.Equal(["STATUS 7", "HELP"], commands.Seen.Select(s => s.Text));
    }
}
