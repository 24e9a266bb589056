using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

public sealed class KeepLessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private FakeTwilio _fake = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task DeliveryAsync(long alert, long subscriber, string status, string? sid, string age) => _db.ExecuteAsync("""
        INSERT INTO deliveries (alert_id, subscriber_id, channel, status, provider_id, updated_at)
        VALUES (@alert, @subscriber, 'sms', @status, @sid, now() - CAST(@age AS interval))
        """, new { alert, subscriber, status, sid, age });

    [Fact]
    public async Task Run_StoppedSubscribersRowsGone_ProviderIdsClearedWhenFinalOrAfter24h()
    {
        await using var app = await DeliveryHost.StartAsync(_db, _fake, role: "web");
        var seed = new Seed(_db);
        var network = await seed.NetworkAsync("socal", "los-angeles");
        var author = (await seed.CoordinatorAsync("socal", "Ana")).Coordinator.Id;
        var stopped = await seed.SubscriberAsync("sms", "+12135550150", "en", "los-angeles");
        var active = await seed.SubscriberAsync("sms", "+12135550151", "en", "los-angeles");
        var (first, second, third) = (await seed.AlertAsync(network.Id, author, ["los-angeles"]),
            await seed.AlertAsync(network.Id, author, ["los-angeles"]), await seed.AlertAsync(network.Id, author, ["los-angeles"]));
        await DeliveryAsync(first, stopped, "delivered", "SM-stopped", "10 minutes");
        await DeliveryAsync(first, active, "delivered", "SM-final", "10 minutes");
        await DeliveryAsync(second, active, "sent", "SM-day-old", "25 hours");
        await DeliveryAsync(third, active, "sent", "SM-fresh", "1 minute");
        await _db.StopAsync(stopped);

        await app.Get<KeepLessJob>().RunAsync(CancellationToken.None);

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE subscriber_id = @stopped", new { stopped }));
        Assert.Equal(["SM-fresh"], await _db.QueryAsync<string>("SELECT provider_id FROM deliveries WHERE provider_id IS NOT NULL"));
        Assert.Equal(3L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE subscriber_id = @active", new { active }));
        // The deleted row still counts: its outcome was folded into the alert.
        Assert.Equal(new DeliveryTally(2, 0, 0, 2, 0, 0), await app.Get<DeliveryLedger>().CountsAsync(first));
    }
}
