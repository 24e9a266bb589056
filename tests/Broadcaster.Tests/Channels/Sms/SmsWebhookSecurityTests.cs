using System.Net;
using System.Text;
using Broadcaster.Channels.Sms;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>Only Twilio's signed requests change anything; bad input gets a 4xx or a polite reply, never a 500.</summary>
public sealed class SmsWebhookSecurityTests(SmsTestbedFixture fixture) : IClassFixture<SmsTestbedFixture>
{
    private const string Ana = "+12135550192";
    private readonly SmsTestbed _t = fixture.Testbed;

    private async Task<HttpStatusCode> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _t.App.Http.SendAsync(request))
            return response.StatusCode;
    }

    private static HttpRequestMessage Post(HttpContent content, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SmsWebhook.Path) { Content = content };
        if (signature is not null)
            request.Headers.Add("X-Twilio-Signature", signature);
        return request;
    }

    [Fact]
    public async Task Unsigned_Join_403AndNothingWritten()
    {
        var status = await SendAsync(Post(new FormUrlEncodedContent(SmsTestbed.Form(Ana, "JOIN LA")), null));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Fact]
    public async Task WronglySigned_Join_403AndNothingWritten()
    {
        var (status, _) = await _t.PostAsync(SmsTestbed.Form(Ana, "JOIN LA"), authToken: "not-the-auth-token");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Theory]
    [InlineData("https://evil.test/webhooks/twilio/sms")]
    [InlineData("https://broadcaster.test/webhooks/twilio/status")]
    [InlineData("http://broadcaster.test/webhooks/twilio/sms")]
    public async Task SignedForAnotherUrl_Join_403AndNothingWritten(string url)
    {
        var (status, _) = await _t.PostAsync(SmsTestbed.Form(Ana, "JOIN LA"), signedUrl: url);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Fact]
    public async Task SignedThenBodyChanged_403AndNothingWritten()
    {
        var form = SmsTestbed.Form(Ana, "HELP");
        var signature = TwilioSigner.Sign(FakeTwilio.AuthToken, FakeTwilio.PublicUrl + SmsWebhook.Path, form);
        form["Body"] = "JOIN LA";

        var status = await SendAsync(Post(new FormUrlEncodedContent(form), signature));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Theory]
    [InlineData("", "JOIN LA")]
    [InlineData("not a number", "JOIN LA")]
    [InlineData("'; DROP TABLE subscribers; --", "JOIN LA")]
    public async Task SignedButFromIsNotAPhoneNumber_400(string from, string body)
    {
        var before = await _t.SubscriberRowsAsync();

        var (status, _) = await _t.PostAsync(SmsTestbed.Form(from, body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(before, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task SignedWithoutFrom_400()
    {
        var form = SmsTestbed.Form(Ana, "JOIN LA");
        form.Remove("From");

        var (status, _) = await _t.PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "application/x-www-form-urlencoded", "From=%2B12135550190&Body=JOIN%20LA&%%%=&=&&%E0%A4%A" },
        { "application/x-www-form-urlencoded; charset=klingon", "From=%2B12135550190&Body=JOIN+LA" },
        { "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"From\"\r\n\r\n+12135550190\r\n--x" },
        { "multipart/form-data", "garbage" },
        { "application/json", "{\"From\":\"+12135550190\",\"Body\":\"JOIN LA\"}" },
        { "text/plain", "\0\u0001\u0002 binary" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedBody_4xxNeverA500AndNothingWritten(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var signature = TwilioSigner.Sign(FakeTwilio.AuthToken, FakeTwilio.PublicUrl + SmsWebhook.Path, []);

        var status = await SendAsync(Post(content, signature));

        Assert.InRange((int)status, 400, 499);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HundredKilobyteBody_413AndNothingWritten(bool chunked)
    {
        var form = SmsTestbed.Form(Ana, "JOIN LA " + new string('x', 100 * 1024));
        var signature = TwilioSigner.Sign(FakeTwilio.AuthToken, FakeTwilio.PublicUrl + SmsWebhook.Path, form);
        HttpContent content = new FormUrlEncodedContent(form);
        if (chunked)
        {
            content = new StreamContent(await content.ReadAsStreamAsync());
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
        }
        var request = Post(content, signature);
        request.Headers.TransferEncodingChunked = chunked;

        var status = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Null(await _t.StatusAsync(Ana));
    }

    [Theory]
    [InlineData("JOIN '; DROP TABLE subscribers; --", "+12135550193", "+12135550194")]
    [InlineData("JOIN ' OR '1'='1", "+12135550195", "+12135550196")]
    [InlineData("UNIRME Robert'); DELETE FROM subscriptions;--", "+12135550197", "+12135550198")]
    [InlineData("JOIN 9000'1", "+12135550199", "+12135550189")]
    public async Task SqlInjectionAsCounty_PoliteReplyNothingChanged(string text, string number, string neighbour)
    {
        await _t.Seed.SubscriberAsync("sms", neighbour, "en", "los-angeles");

        var reply = await _t.ReplyAsync(number, text);
        var leave = await _t.ReplyAsync(neighbour, "LEAVE ' OR 1=1 --");

        Assert.Matches("couldn't find that California county|no encontramos ese condado", reply);
        Assert.StartsWith("Which county? You get alerts for Los Angeles County.", leave);
        Assert.Null(await _t.StatusAsync(number));
        Assert.Equal("los-angeles:active", await _t.CountiesAsync(neighbour));
        Assert.Equal(58, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM counties"));
    }
}
