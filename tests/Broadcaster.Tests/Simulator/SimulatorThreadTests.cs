using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Simulator;

public sealed class SimulatorThreadTests : IAsyncLifetime
{
    private const string Phone = "+12135550101";
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync() => _w = await SimulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task JoinThenYes_SimulatedPhone_WelcomeInThreadAndNothingAtTwilio()
    {
        await _w.SimulateAsync(Phone, "JOIN LA");
        await _w.SimulateAsync(Phone, "YES");

        var thread = await _w.ThreadAsync(Phone);
        Assert.Equal(["in", "out", "in", "out"], thread.Select(m => m.Direction));
        Assert.Equal("JOIN LA", thread[0].Body);
        Assert.Contains("Reply YES", thread[1].Body);
        Assert.Contains("You'll get alerts for Los Angeles", thread[3].Body);
        Assert.Contains("Msg frequency varies.", thread[3].Body);
        Assert.True(await _w.Db.ScalarAsync<bool>("SELECT simulated FROM subscribers WHERE status = 'active'"));
        Assert.Empty(_w.Twilio.Accepted);
    }

    [Fact]
    public async Task VerifiedAlert_SimulatedSubscriber_AppearsInThreadNeverAtTwilio()
    {
        await _w.SimulateAsync(Phone, "JOIN LA");
        await _w.SimulateAsync(Phone, "YES");

        var id = await _w.DraftAndVerifyAsync("ICE checkpoint at 1st and Main.");
        await _w.Db.CompletedAsync(id);

        var alert = Assert.Single(await _w.ThreadAsync(Phone), m => m.Body.Contains("ICE checkpoint at 1st and Main."));
        Assert.Equal("out", alert.Direction);
        Assert.StartsWith($"VERIFIED ALERT #{id}", alert.Body);
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == Phone);
        Assert.Equal(1L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @id AND status = 'sent'", new { id }));
    }

    [Fact]
    public async Task TextToANetworksOwnNumber_ThreadKeepsThatNumber_AndTheNetworksAlertComesFromIt()
    {
        const string own = "+12135550178";
        await _w.App.Get<Broadcaster.Networks.NetworkStore>().SetSmsSenderAsync("la-rrn", new Broadcaster.Networks.SmsSender(own, null, 100));
        var phone = _w.App.Get<Broadcaster.Simulator.SimulatorThread>();
        await phone.TextAsync(Phone, "JOIN LA", own);
        await phone.TextAsync(Phone, "YES", own);

        var id = await _w.DraftAndVerifyAsync("ICE checkpoint at 1st and Main.");
        await _w.Db.CompletedAsync(id);

        var thread = await _w.ThreadAsync(Phone);
        Assert.Equal(["in", "out", "in", "out", "out"], thread.Select(m => m.Direction));
        Assert.Contains("ICE checkpoint at 1st and Main.", thread[^1].Body);
        Assert.All(thread, m => Assert.Equal(own, m.Peer));
    }

    [Fact]
    public async Task TextToTheDefaultNumber_ThreadSaysDefault()
    {
        await _w.SimulateAsync(Phone, "JOIN LA");
        await _w.SimulateAsync(Phone, "YES");

        Assert.All(await _w.ThreadAsync(Phone), m => Assert.Null(m.Peer));
    }

    [Fact]
    public async Task Stop_SimulatedPhone_AddressErasedAndOneConfirmationInThread()
    {
        await _w.SimulateAsync(Phone, "JOIN LA");
        await _w.SimulateAsync(Phone, "YES");
        await _w.SimulateAsync(Phone, "STOP");
        await _w.SimulateAsync(Phone, "STOP");

        var thread = await _w.ThreadAsync(Phone);
        Assert.Equal(["in", "out", "in", "out", "in", "out", "in"], thread.Select(m => m.Direction));
        Assert.Contains("unsubscribed", thread[5].Body);
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
    }

    [Fact]
    public async Task LongThread_KeepsOnlyTheLastFifty()
    {
        for (var i = 0; i < 30; i++)
            await _w.SimulateAsync(Phone, "HELP");

        var thread = await _w.ThreadAsync(Phone);
        Assert.Equal(50, thread.Count);
        Assert.Equal("out", thread[^1].Direction);
        Assert.Equal(50L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM simulator_messages"));
    }

    [Fact]
    public async Task Thread_StoresNoPhoneNumber()
    {
        await _w.SimulateAsync(Phone, "JOIN LA");

        Assert.Equal(0L, await _w.Db.ScalarAsync<long>(
            "SELECT count(*) FROM simulator_messages WHERE body LIKE '%5550101%' OR encode(address_index, 'escape') LIKE '%5550101%'"));
    }
}
