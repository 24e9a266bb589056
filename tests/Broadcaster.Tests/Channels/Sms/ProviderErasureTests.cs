using System.Net;
using System.Xml.Linq;
using Broadcaster.Channels.Sms;
using Broadcaster.Delivery;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>
/// Twilio:DeleteFinalMessages: what Twilio holds of a broadcast (bodies, numbers) is deleted there once each
/// message is final, and every inbound text right after it was answered, through the real SDK's DELETE.
/// </summary>
public sealed class ProviderErasureTests() : SmsBroadcastTestbed("los-angeles")
{
    private async Task<HttpStatusCode> ReceiptAsync(TestApp app, string sid, string status, string? errorCode = null)
    {
        _fake.SetStatus(sid, status);
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = status, ["AccountSid"] = FakeTwilio.AccountSid };
        if (errorCode is not null)
            form["ErrorCode"] = errorCode;
        using var response = await app.Http.SendAsync(TwilioSigner.SignedPost(SmsStatusWebhook.Path, form));
        return response.StatusCode;
    }

    /// <summary>Runs what could delete early, at once rather than by its schedule: nothing may reach Twilio yet.</summary>
    private static async Task HousekeepingAsync(TestApp app)
    {
        await app.Get<KeepLessJob>().RunAsync(CancellationToken.None);
        await app.Get<SmsErasureJob>().RunAsync(CancellationToken.None);
    }

    private Task<List<string>> DeletedOnceAsync(IEnumerable<string> sids) =>
        Eventually.HoldsAsync(() => Task.FromResult(_fake.Deleted.ToList()), d => sids.All(d.Contains), "every final message deleted at Twilio");

    [Fact]
    public async Task Broadcast_EachMessageDeletedAtTwilioOnceFinal_NeverBefore_ExactlyOnce()
    {
        await _seed.SmsSubscribersAsync(6, "los-angeles", first: 1000);
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        // A real provider fails now and then: the first try at two of the deletions gets an HTML 502 and a 429.
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        _fake.DeleteReply = sid => refused.AddOrUpdate(sid, 1, (_, n) => n + 1) == 1 && sid.EndsWith('2') ? TwilioReply.Gateway(502, TwilioBody.Html)
            : refused[sid] == 1 && sid.EndsWith('3') ? TwilioReply.RateLimited(1) : null;
        await using var app = await DeliveryHost.StartAsync(_db, _fake);
        app.Verify(alert);
        await _db.CompletedAsync(alert);
        var messages = await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.ToList()), m => m.Count == 7, "six alerts and the author's summary");

        foreach (var (sid, _, _) in messages)
            Assert.Equal(HttpStatusCode.OK, await ReceiptAsync(app, sid, "sent"));
        await HousekeepingAsync(app);
        Assert.Empty(_fake.Deleted);
        Assert.DoesNotContain(_fake.Requests, r => r.Method == "DELETE");

        var (delivered, undelivered) = (messages.Take(4).ToList(), messages.Skip(4).ToList());
        foreach (var (sid, _, _) in delivered)
            Assert.Equal(HttpStatusCode.OK, await ReceiptAsync(app, sid, "delivered"));
        foreach (var (sid, _, _) in undelivered)
            Assert.Equal(HttpStatusCode.OK, await ReceiptAsync(app, sid, "undelivered", "30003"));
        // The provider id leaves the database with the final receipt, not minutes later.
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE provider_id IS NOT NULL"));
        // Twilio repeats receipts: a repeat must not make a second deletion.
        foreach (var (sid, _, _) in delivered)
            await ReceiptAsync(app, sid, "delivered");

        var deleted = await DeletedOnceAsync(messages.Select(m => m.Sid));
        Assert.Equal(messages.Select(m => m.Sid).Order(), deleted.Order());
        Assert.Empty(_fake.Messages);
        await Eventually.HoldsAsync(() => _db.ScalarAsync<long>("SELECT count(*) FROM sms_erasures"), n => n == 0, "the erasure queue empty");
    }

    [Fact]
    public async Task Inbound_DeletedAtTwilioAfterItWasAnswered_AndTheReplyAsksForItsStatus()
    {
        await using var app = await DeliveryHost.StartAsync(_db, _fake);
        var form = SmsTestbed.Form("+12135550142", "what is this");
        form["To"] = FakeTwilio.From;
        _fake.Receive(form["MessageSid"]);

        using var response = await app.Http.SendAsync(TwilioSigner.SignedPost(SmsWebhook.Path, form));
        var reply = XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Message")!;

        Assert.Equal(FakeTwilio.PublicUrl + SmsStatusWebhook.Path, reply.Attribute("statusCallback")?.Value);
        Assert.Equal([form["MessageSid"]], await DeletedOnceAsync([form["MessageSid"]]));
        Assert.Empty(_fake.Sends);
    }

    [Fact]
    public async Task MessageWithoutFinalStatus_DeletedAfter24Hours()
    {
        var subscriber = await _seed.SubscriberAsync("sms", "+12135550143", "en", "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], status: "sent");
        await _db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status, provider_id, updated_at)
            VALUES (@alert, @subscriber, 'sms', 'sent', 'SM00000000000000000000000000000abc', now() - interval '25 hours')
            """, new { alert, subscriber });
        _fake.SetStatus("SM00000000000000000000000000000abc", "sent");
        await using var app = await DeliveryHost.StartAsync(_db, _fake, role: "web");

        await app.Get<KeepLessJob>().RunAsync(CancellationToken.None);
        await app.Get<SmsErasureJob>().RunAsync(CancellationToken.None);

        Assert.Equal(["SM00000000000000000000000000000abc"], _fake.Deleted);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE provider_id IS NOT NULL"));
    }

    [Fact]
    public async Task DeleteFinalMessagesOff_NothingDeletedButTheIdStillLeavesTheDatabase()
    {
        await _seed.SmsSubscribersAsync(1, "los-angeles", first: 1000);
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using var app = await DeliveryHost.StartAsync(_db, _fake, extra: new Dictionary<string, string?> { ["Twilio:DeleteFinalMessages"] = "false" });
        app.Verify(alert);
        await _db.CompletedAsync(alert);
        var sid = _fake.Accepted.First(m => m.To != AuthorPhone).Sid;

        await ReceiptAsync(app, sid, "delivered");
        await HousekeepingAsync(app);

        Assert.DoesNotContain(_fake.Requests, r => r.Method == "DELETE");
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE provider_id IS NOT NULL"));
    }
}
