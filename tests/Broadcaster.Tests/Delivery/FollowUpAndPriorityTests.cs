using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>Several broadcasts on one sender at once: what goes first, and follow-ups planned while their original is still sending.</summary>
public sealed class FollowUpAndPriorityTests() : SmsBroadcastTestbed("los-angeles", "orange")
{
    private Task<long> SentAsync(long alert) =>
        _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert AND status = 'sent'", new { alert });

    private Task<string> StatusAsync(long alert) =>
        _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert });

    [Fact]
    public async Task Broadcast_NewAlertWhileTenLongBroadcastsRun_ItTakesTheNextSlotsAndIsSentBeforeAnyOfThemFinishes()
    {
        await _seed.SmsSubscribersAsync(40, "los-angeles");
        var late = await _seed.SmsSubscribersAsync(3, "orange", first: 5000);
        var longOnes = new List<long>();
        for (var i = 0; i < 10; i++)
            longOnes.Add(await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]));
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 8);
        foreach (var alert in longOnes)
            app.Verify(alert);
        await Eventually.HoldsAsync(async () => (await Task.WhenAll(longOnes.Select(StatusAsync))).All(s => s == "sending"), all => all, "all ten sending");
        await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Count), n => n >= 5, "the long broadcasts under way");

        var urgent = await _seed.AlertAsync(_networkId, _authorId, ["orange"]);
        await app.Get<BroadcastJob>().PlanAsync(urgent);
        var sentBefore = _fake.Accepted.Count;
        await _db.CompletedAsync(urgent);

        Assert.All(late, n => Assert.Single(_fake.ByRecipient()[n]));
        // Rows claimed earlier do not hold the slots: at 8/s a second's worth of the running broadcasts (8 or
        // more, one per send waiting at the gate) went out before the new alert when they did.
        var ahead = _fake.Accepted.ToList().FindIndex(m => late.Contains(m.To)) - sentBefore;
        Assert.True(ahead <= 4, $"{ahead} messages of the running broadcasts went out between the new alert's planning and its first message");
        foreach (var alert in longOnes)
            Assert.True(await SentAsync(alert) < 40, $"alert {alert} finished before the new alert was sent");
    }

    [Fact]
    public async Task Retraction_VerifiedDuringTheBroadcast_SupersedesTheRestAndReachesEveryoneTheOriginalReached()
    {
        var numbers = await _seed.SmsSubscribersAsync(30, "los-angeles");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "Raid at the market");
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5);
        app.Verify(original);
        await Eventually.HoldsAsync(() => SentAsync(original), n => n >= 3, "the original under way");

        var retraction = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], kind: "retraction", replyTo: original, en: "False alarm");
        app.Verify(retraction);
        await _db.CompletedAsync(retraction);
        await _db.CompletedAsync(original);

        var received = _fake.ByRecipient(except: AuthorPhone);
        var gotOriginal = received.Where(kv => kv.Value.Any(b => b.Contains("Raid at the market"))).Select(kv => kv.Key).ToList();
        Assert.True(gotOriginal.Count < 30, "the original's unsent messages should have been superseded");
        Assert.All(received, kv => Assert.Equal(
            gotOriginal.Contains(kv.Key) ? ["Raid at the market", "False alarm"] : [],
            kv.Value.Select(b => b.Contains("False alarm") ? "False alarm" : "Raid at the market")));
        Assert.Equal(30 - gotOriginal.Count, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE alert_id = @original AND status = 'skipped' AND error = 'superseded'", new { original }));
        Assert.Equal(numbers.Count, numbers.Count(n => !received.ContainsKey(n) || gotOriginal.Contains(n)));
    }

    [Fact]
    public async Task Update_VerifiedDuringTheBroadcast_EveryRecipientGetsItAfterTheirOriginal()
    {
        await _seed.SmsSubscribersAsync(20, "los-angeles");
        var stoppedSince = await _seed.SubscriberAsync("sms", "+12135559001", "en", "los-angeles");
        var original = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "Raid at the market");
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5);
        app.Verify(original);
        await Eventually.HoldsAsync(() => SentAsync(original), n => n >= 3, "the original under way");
        await _db.StopAsync(stoppedSince);

        var update = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], kind: "update", replyTo: original, en: "Now moving north");
        app.Verify(update);
        await _db.CompletedAsync(original);
        await _db.CompletedAsync(update);

        var received = _fake.ByRecipient(except: AuthorPhone);
        var active = received.Keys.Where(n => n != "+12135559001").ToList();
        Assert.Equal(20, active.Count);
        Assert.All(active, n => Assert.Equal(["Raid at the market", "Now moving north"],
            received[n].Select(b => b.Contains("Now moving north") ? "Now moving north" : "Raid at the market")));
        Assert.DoesNotContain(received.GetValueOrDefault("+12135559001") ?? [], b => b.Contains("Now moving north"));
    }
}
