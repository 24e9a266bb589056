using Broadcaster.Channels;
using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// A retraction reaches everyone the original may have reached, including those whose message the provider took
/// while the service never learned it did: the answer was lost, or the process that sent it died.
/// </summary>
public sealed class RetractionCoverageTests() : SmsBroadcastTestbed("los-angeles")
{
    private const string Original = "Raid at the market";
    private const string FalseAlarm = "False alarm";

    // Long enough that a row answered "retry later" is still waiting when the retraction is planned.
    private static readonly Dictionary<string, string?> SlowRetries = new()
    {
        ["Delivery:RetryBaseDelay"] = "00:05:00",
        ["Delivery:BreakerPause"] = "00:05:00",
    };

    [Fact]
    public async Task Retraction_OriginalTakenByTheProviderButItsAnswerLost_ThatPersonGetsTheRetractionOnce()
    {
        var numbers = await _seed.SmsSubscribersAsync(3, "los-angeles");
        var unlucky = numbers[1];
        var lost = 0;
        _fake.Reply = r => r.Form.GetValueOrDefault("To") == unlucky && Interlocked.Exchange(ref lost, 1) == 0
            ? TwilioReply.AnswerLost : TwilioReply.Accepted;
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: Original);
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 20, extra: SlowRetries);
        app.Verify(original);
        var unluckyId = await _seed.SubscriberIdAsync(_db, "sms", unlucky);
        // The others sent, the unlucky one's row back to pending for a later try, although the provider has its message.
        await Eventually.HoldsAsync(() => _db.StatusCountsAsync(original), c => c.SequenceEqual([("pending", 1L), ("sent", 2L)]), "two sent, one waiting");
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT attempts FROM deliveries WHERE alert_id = @original AND subscriber_id = @unluckyId",
            new { original, unluckyId }));

        var retraction = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], kind: "retraction", replyTo: original, en: FalseAlarm);
        Assert.Equal(new RecipientCounts(3, 0), await Recipients.CountAsync(_db.DataSource, retraction));
        app.Verify(retraction);
        await _db.CompletedAsync(retraction);
        await _db.CompletedAsync(original);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.All(numbers, n => Assert.Equal([Original, FalseAlarm], received[n].Select(Kind)));
    }

    [Fact]
    public async Task Retraction_PlannedAfterAKilledWorkersRowWasTakenBack_ThatPersonGetsTheRetractionOnce()
    {
        var numbers = await _seed.SmsSubscribersAsync(3, "los-angeles");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: Original);
        var killed = await _seed.SubscriberIdAsync(_db, "sms", numbers[0]);
        await using (var web = await DeliveryHost.StartAsync(_db, _fake, role: "web"))
        {
            await web.Get<BroadcastJob>().PlanAsync(original);
            // What a worker killed mid-send leaves (ProcessKillTests shows it on a real kill): its row claimed, its
            // lease run out. The provider may have its message.
            await _db.ExecuteAsync("""
                UPDATE deliveries SET status = 'sending', attempts = 1, lease_until = now() - interval '1 second'
                WHERE alert_id = @original AND subscriber_id = @killed
                """, new { original, killed });
            // A live sender loop takes it back; the provider is refusing meanwhile (a pause), so it waits as pending.
            Assert.Equal(1, await web.Get<DeliveryLedger>().ReclaimExpiredAsync([original], ChannelName.Sms, CancellationToken.None));
            var retraction = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], kind: "retraction", replyTo: original, en: FalseAlarm);
            await web.Get<BroadcastJob>().PlanAsync(retraction);

            await using var worker = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 20);
            await _db.CompletedAsync(retraction);
            await _db.CompletedAsync(original);
        }

        // The original's unsent messages are superseded; the one that may have gone out is followed by the retraction, once.
        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal([numbers[0]], received.Keys);
        Assert.Equal([FalseAlarm], received[numbers[0]].Select(Kind));
    }

    private static string Kind(string body) => body.Contains(FalseAlarm) ? FalseAlarm : body.Contains(Original) ? Original : body;
}
