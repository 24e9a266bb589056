using System.Text;
using Broadcaster.Channels;
using Broadcaster.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Sms;

public sealed class TwilioSmsChannelTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private FakeTwilio _twilio = null!;
    private TestApp _app = null!;
    private IMessageChannel _sms = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _twilio = await FakeTwilio.StartAsync();
        _app = await TestApp.StartAsync(_db, _twilio.Settings);
        _sms = _app.Get<ChannelRegistry>().Get(ChannelName.Sms);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _twilio.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Send_Accepted_PostsExactRequestWithBasicAuthAndReturnsSid()
    {
        var result = await _sms.SendAsync("+12135550111", "ALERTA VERIFICADA: retén en Main St", default);

        Assert.IsType<TwilioSmsChannel>(_sms);
        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(_twilio.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json", request.Path);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeTwilio.AccountSid}:{FakeTwilio.AuthToken}"));
        Assert.Equal($"Basic {basic}", request.Headers["Authorization"]);
        var form = request.Form;
        Assert.Equal("+12135550111", form["To"]);
        Assert.Equal(FakeTwilio.From, form["From"]);
        Assert.Equal("ALERTA VERIFICADA: retén en Main St", form["Body"]);
        Assert.Equal($"{FakeTwilio.PublicUrl}/webhooks/twilio/status", form["StatusCallback"]);
        Assert.Equal(_twilio.Accepted.Single().Sid, result.ProviderId);
    }

    [Theory]
    [InlineData(400, 21211, SendOutcome.Failed)]
    [InlineData(400, 21614, SendOutcome.Failed)]
    [InlineData(400, 21408, SendOutcome.Failed)]
    [InlineData(400, 21610, SendOutcome.RecipientGone)]
    [InlineData(429, 20429, SendOutcome.RetryLater)]
    [InlineData(500, 20500, SendOutcome.RetryLater)]
    [InlineData(503, 0, SendOutcome.RetryLater)]
    [InlineData(401, 20003, SendOutcome.RetryLater)]
    [InlineData(404, 20404, SendOutcome.Failed)]
    public async Task Send_ProviderError_IsClassified(int status, int code, SendOutcome expected)
    {
        _twilio.Reply = _ => TwilioReply.Error(status, code);

        var result = await _sms.SendAsync("+12135550111", "hello", default);

        Assert.Equal(expected, result.Outcome);
        Assert.Null(result.ProviderId);
        Assert.Single(_twilio.Requests);
    }

    [Fact]
    public async Task Send_RateLimitedWithRetryAfter_RetryLaterCarriesTheWait()
    {
        _twilio.Reply = _ => TwilioReply.RateLimited(retryAfterSeconds: 7);

        var result = await _sms.SendAsync("+12135550111", "hello", default);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public async Task Send_NonJsonGatewayError_RetryLater()
    {
        _twilio.Reply = _ => TwilioReply.Gateway(502, TwilioBody.Html);

        var result = await _sms.SendAsync("+12135550111", "hello", default);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
    }

    [Fact]
    public async Task Send_ProviderDown_RetryLater()
    {
        await _twilio.DisposeAsync();

        var result = await _sms.SendAsync("+12135550111", "hello", default);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
    }
}
