using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>A worker process really killed (SIGKILL) mid-broadcast, not a database picture of one.</summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : SmsBroadcastTestbed("los-angeles")
{
    // The killed process's connections carry this name, so the test can tell when PostgreSQL has let go of them.
    private const string KilledWorker = "broadcaster-killed-worker";

    [Fact]
    public async Task Broadcast_WorkerProcessKilledMidway_AnotherTakesOverWithinTheLeaseAndNobodyIsMissed()
    {
        var numbers = await _seed.SmsSubscribersAsync(40, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using (var web = await DeliveryHost.StartAsync(_db, _fake, role: "web"))
            await web.Get<BroadcastJob>().PlanAsync(alert);
        await using var child = ServiceProcess.Start(ChildSettings(), output);

        // At 5/s the 40 take 8 s: the kill lands mid-broadcast, with rows claimed and sends in flight.
        await Eventually.HoldsAsync(() => Task.FromResult(ToSubscribers()), n => n >= 8 || child.HasExited, "8 messages sent by the service process", seconds: 90);
        Assert.False(child.HasExited, "the service process ended by itself:\n" + child.Output);
        var killedAt = await _db.ScalarAsync<DateTime>("SELECT now()");
        await child.KillAsync();
        // A statement already running when the client died still commits: read only once its sessions are gone.
        await Eventually.HoldsAsync(() => _db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name", new { name = KilledWorker }),
            n => n == 0, "the killed process's sessions closed", seconds: 30);
        var held = await _db.QueryAsync<long>("SELECT subscriber_id FROM deliveries WHERE alert_id = @alert AND status = 'sending'", new { alert });
        var leaseLeft = await _db.ScalarAsync<TimeSpan>(
            "SELECT coalesce(max(lease_until) - @killedAt, interval '0') FROM deliveries WHERE alert_id = @alert AND status = 'sending'", new { alert, killedAt });
        var unsent = await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert AND status <> 'sent'", new { alert });
        Assert.True(held.Count > 0, "the process held no rows when it was killed: nothing was taken over");
        Assert.True(unsent > held.Count, $"only the {held.Count} held rows were left: the kill came too late to be mid-broadcast");
        // Nothing renews a dead process's rows, so they are free for another process when these leases end.
        Assert.True(leaseLeft <= TimeSpan.FromSeconds(30), $"the killed process's rows stay its own for {leaseLeft} after the kill");

        await using var worker = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5);
        await _db.CompletedAsync(alert, seconds: 90);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal(numbers, received.Keys.Order());
        Assert.Equal([("sent", 40L)], await _db.StatusCountsAsync(alert));
        // Only a held row can reach someone twice (it may have reached the provider before the kill), and each is counted.
        var twice = received.Where(r => r.Value.Count > 1).Select(r => r.Key).ToList();
        Assert.All(received.Values, bodies => Assert.True(bodies.Count <= 2, $"{bodies.Count} copies"));
        foreach (var number in twice)
            Assert.Contains(await _seed.SubscriberIdAsync(_db, "sms", number), held);
        Assert.Equal(held.Count, await _db.ScalarAsync<int>("SELECT count_resent FROM alerts WHERE id = @alert", new { alert }));
    }

    private int ToSubscribers() => _fake.Accepted.Count(m => m.To != AuthorPhone);

    private Dictionary<string, string?> ChildSettings()
    {
        var settings = _fake.Settings;
        settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { ApplicationName = KilledWorker }.ConnectionString;
        settings["Privacy:EncryptionKey"] = TestApp.EncryptionKey;
        settings["Broadcaster:Role"] = "worker";
        settings["Twilio:MessagesPerSecond"] = "5";
        settings["Delivery:RetryBaseDelay"] = "00:00:00.200";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }
}
