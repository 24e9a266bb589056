using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Dapper;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// A send whose slot has come can still be held up before it leaves: its hand-over check waits for a lock (a STOP
/// being written, a slow database). Before, every send held up that way left the moment the check came back, all
/// together, so the provider saw a second's worth of messages at once on top of the punctual ones (23 senders at
/// 100/s on a busy worker: up to 115 in one second). A send that has missed its slot must wait for a new one.
/// </summary>
public sealed class LateDepartureTests(ITestOutputHelper output) : SmsBroadcastTestbed("los-angeles")
{
    private const int Rate = 20;
    private const int Recipients = 100;
    // The lock that holds every hand-over check: long enough for the sender loop to have all its sends waiting.
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(2);
    // Requests bunched on their way to the fake on a loaded machine: a quarter of a second of the rate.
    private const int Jitter = Rate / 4;

    [Fact]
    public async Task Broadcast_HandOverChecksHeldUpForTwoSeconds_TheProviderStillGetsNoMoreThanTheRateInAnySecond()
    {
        await _seed.SmsSubscribersAsync(Recipients, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "ICE at Main St.");
        var arrived = new ConcurrentQueue<long>();
        _fake.Reply = r =>
        {
            if (r.Form["Body"].ToString().Contains("ICE at Main St."))
                arrived.Enqueue(Stopwatch.GetTimestamp());
            return TwilioReply.Accepted;
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake, Rate);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(arrived.Count), n => n >= 10, "the broadcast is under way");
        // Every subscriber row locked for update: the check's FOR SHARE waits for this transaction.
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("SELECT id FROM subscribers ORDER BY id FOR UPDATE", transaction: tx);
            await Task.Delay(Held);
            await tx.CommitAsync();
        }
        await _db.CompletedAsync(alert, seconds: 120);

        Assert.Equal(Recipients, arrived.Count);
        var at = arrived.Order().ToList();
        var busiest = at.Select((t, i) => at.Skip(i).TakeWhile(u => u - t < Stopwatch.Frequency).Count()).Max();
        output.WriteLine($"{at.Count} messages at {Rate}/s; at most {busiest} in one second");
        Assert.InRange(busiest, 1, Rate + 1 + Jitter);
    }
}
