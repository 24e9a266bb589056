using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>Several hosts on one database, and a host that died holding rows.</summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : SmsBroadcastTestbed("los-angeles")
{
    [Fact]
    public async Task Broadcast_TwoHostsDispatchingSideBySide_BothSendNobodyTwiceAndOneRateForBoth()
    {
        const int rate = 20;
        var numbers = await _seed.SmsSubscribersAsync(60, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        var arrivals = new ConcurrentQueue<long>();
        TwilioReply Accept(RecordedRequest r)
        {
            if (r.Form["To"] != AuthorPhone)
                arrivals.Enqueue(Stopwatch.GetTimestamp());
            return TwilioReply.Accepted;
        }
        // Each host talks to its own fake Twilio, so that what each one sent can be told apart.
        await using var secondFake = await FakeTwilio.StartAsync();
        _fake.Reply = Accept;
        secondFake.Reply = Accept;
        await using var first = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: rate);
        await using var second = await DeliveryHost.StartAsync(_db, secondFake, messagesPerSecond: rate);

        // Each host runs its own sender loop: both claim side by side, their two gates share one bucket.
        first.Verify(alert);
        await _db.CompletedAsync(alert);

        var byFirst = _fake.ByRecipient(except: AuthorPhone);
        var bySecond = secondFake.ByRecipient(except: AuthorPhone);
        output.WriteLine($"first host sent {byFirst.Count}, second host {bySecond.Count}");
        Assert.NotEmpty(byFirst);
        Assert.NotEmpty(bySecond);
        Assert.Equal(numbers, byFirst.Keys.Concat(bySecond.Keys).Order());
        Assert.All(byFirst.Values.Concat(bySecond.Values), bodies => Assert.Single(bodies));
        Assert.Equal([("sent", 60L)], await _db.StatusCountsAsync(alert));
        var seconds = arrivals.Order().Select(t => (double)(t - arrivals.Min()) / Stopwatch.Frequency).ToList();
        var busiest = seconds.Select(start => seconds.Count(s => s >= start && s < start + 1)).Max();
        output.WriteLine($"60 messages over {seconds[^1]:0.00} s, at most {busiest} in one second (rate {rate})");
        // The bucket spaces all sends 1/rate apart whichever process takes them; load only delays them, so
        // this lower bound on the span is robust (two unshared limiters would finish in half the time).
        Assert.True(seconds[^1] >= (60 - 1.0) / rate - 0.5, $"60 messages in {seconds[^1]:0.00} s: faster than {rate}/s");
    }

    [Fact]
    public async Task Broadcast_DispatcherDiedMidBatch_AnotherHostSendsTheRestOnceTheLeaseRunsOut()
    {
        var numbers = await _seed.SmsSubscribersAsync(10, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using (var web = await DeliveryHost.StartAsync(_db, _fake, role: "web"))
            await web.Get<BroadcastJob>().PlanAsync(alert);
        // What a killed dispatcher leaves: rows claimed ('sending'), two leases already over, two ending in 2 s.
        await _db.ExecuteAsync("""
            WITH held AS (
                SELECT subscriber_id, row_number() OVER (ORDER BY subscriber_id) AS n
                FROM deliveries WHERE alert_id = @alert ORDER BY subscriber_id LIMIT 4
            )
            UPDATE deliveries d SET status = 'sending', attempts = 1,
                lease_until = now() + CASE WHEN held.n <= 2 THEN interval '-1 second' ELSE interval '2 seconds' END
            FROM held WHERE d.alert_id = @alert AND d.subscriber_id = held.subscriber_id
            """, new { alert });

        await using var worker = await DeliveryHost.StartAsync(_db, _fake);
        await _db.CompletedAsync(alert);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal(numbers, received.Keys.Order());
        Assert.All(received.Values, bodies => Assert.Single(bodies));
        Assert.Equal([("sent", 10L)], await _db.StatusCountsAsync(alert));
        Assert.Equal(4, await _db.ScalarAsync<int>("SELECT count_resent FROM alerts WHERE id = @alert", new { alert }));
    }
}
