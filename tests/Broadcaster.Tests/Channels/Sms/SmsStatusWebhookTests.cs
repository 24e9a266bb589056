using System.Net;
using System.Text;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Sms;

public sealed class SmsStatusWebhookTests : IAsyncLifetime
{
    private const string Path = "/webhooks/twilio/status";
    private TestDatabase _db = null!;
    private FakeTwilio _fake = null!;
    private TestApp _app = null!;
    private Seed _seed = null!;
    private long _alert;
    private long _subscriber;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
        _app = await DeliveryHost.StartAsync(_db, _fake, role: "web");
        _seed = new Seed(_db);
        var network = await _seed.NetworkAsync("socal", "los-angeles");
        var author = (await _seed.CoordinatorAsync("socal", "Ana")).Coordinator.Id;
        _subscriber = await _seed.SubscriberAsync("sms", "+12135551001", "en", "los-angeles");
        _alert = await _seed.AlertAsync(network.Id, author, ["los-angeles"], status: "sent");
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status, provider_id)
            VALUES (@_alert, @_subscriber, 'sms', 'sent', 'SM0001')
            """, new { _alert, _subscriber });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<HttpStatusCode> PostAsync(Dictionary<string, string> form) =>
        (await _app.Http.SendAsync(TwilioSigner.SignedPost(Path, form))).StatusCode;

    private static Dictionary<string, string> Callback(string sid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = status, ["AccountSid"] = FakeTwilio.AccountSid };
        if (errorCode is not null)
            form["ErrorCode"] = errorCode;
        return form;
    }

    private async Task<(string Status, string? Error)> RowAsync() =>
        (await _db.QueryAsync<(string, string?)>("SELECT status, error FROM deliveries WHERE alert_id = @_alert AND subscriber_id = @_subscriber", new { _alert, _subscriber })).Single();

    [Theory]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"MessageSid\"\r\n\r\nSM0001\r\n--x")]
    [InlineData("multipart/form-data", "garbage")]
    [InlineData("application/json", "{\"MessageSid\":\"SM0001\",\"MessageStatus\":\"delivered\"}")]
    public async Task Callback_NotUrlEncoded_4xxNeverA500AndNothingChanges(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        request.Headers.Add("X-Twilio-Signature", TwilioSigner.Sign(FakeTwilio.AuthToken, FakeTwilio.PublicUrl + Path, []));

        var status = (await _app.Http.SendAsync(request)).StatusCode;

        Assert.InRange((int)status, 400, 499);
        Assert.Equal(("sent", (string?)null), await RowAsync());
    }

    [Fact]
    public async Task Callback_DeliveredThenLateOnes_StatusOnlyMovesForward()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "delivered")));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "sent")));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "queued")));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "undelivered", "30003")));

        Assert.Equal(("delivered", (string?)null), await RowAsync());
    }

    [Fact]
    public async Task Callback_Undelivered_RowFailsWithTheErrorCode()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "undelivered", "30003")));

        Assert.Equal(("failed", "undelivered 30003"), await RowAsync());
        Assert.Equal("active", await _db.ScalarAsync<string>("SELECT status FROM subscribers WHERE id = @_subscriber", new { _subscriber }));
    }

    [Fact]
    public async Task Callback_Unsubscribed21610_StopsTheSubscriber()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM0001", "failed", "21610")));

        Assert.Equal("failed", (await RowAsync()).Status);
        Assert.Equal([("stopped", false)], await _db.QueryAsync<(string, bool)>(
            "SELECT status, address_cipher IS NOT NULL FROM subscribers WHERE id = @_subscriber", new { _subscriber }));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE subscriber_id = @_subscriber", new { _subscriber }));
    }

    [Fact]
    public async Task Callback_UnknownSid_200AndNothingChanges()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Callback("SM9999", "failed", "21610")));

        Assert.Equal(("sent", (string?)null), await RowAsync());
        Assert.Equal("active", await _db.ScalarAsync<string>("SELECT status FROM subscribers WHERE id = @_subscriber", new { _subscriber }));
    }

    [Fact]
    public async Task Callback_BadOrMissingSignature_403AndNothingChanges()
    {
        var forged = TwilioSigner.SignedPost(Path, Callback("SM0001", "failed", "21610"), authToken: "not-the-token");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new FormUrlEncodedContent(Callback("SM0001", "delivered")) };

        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Http.SendAsync(unsigned)).StatusCode);
        Assert.Equal(("sent", (string?)null), await RowAsync());
        Assert.Equal("active", await _db.ScalarAsync<string>("SELECT status FROM subscribers WHERE id = @_subscriber", new { _subscriber }));
    }

    [Fact]
    public async Task Callback_SignedButWithoutMessageSid_400()
    {
        var form = new Dictionary<string, string> { ["MessageStatus"] = "delivered" };

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(form));
        Assert.Equal(("sent", (string?)null), await RowAsync());
    }
}
