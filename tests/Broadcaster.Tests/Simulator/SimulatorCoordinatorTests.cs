using System.Net;
using System.Net.Http.Json;
using Broadcaster.Channels;
using Broadcaster.Simulator;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Simulator;

/// <summary>
/// Anyone may open the simulator, and the demo coordinators' phones are in its fictional range: it must never
/// show what is meant for a coordinator (a draft notice's code, a sign-in code), nor let a coordinator's number
/// be used as a simulated phone.
/// </summary>
public sealed class SimulatorCoordinatorTests : IAsyncLifetime
{
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync() => _w = await SimulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private async Task BenDraftsAsync()
    {
        var created = await _w.Ben.Http.PostAsJsonAsync("/api/alerts", new { counties = new[] { "los-angeles" }, texts = new { en = "Checkpoint at 5th and Main." } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task CoordinatorsNumber_JoinFromTheSimulatorRefused_AndTheirDraftNoticeGoesToTheirRealPhone()
    {
        await _w.SimulateAsync(SimulatorWorld.AnaPhone, "JOIN LA");
        await _w.SimulateAsync(SimulatorWorld.AnaPhone, "YES");
        await BenDraftsAsync();

        var notice = await Eventually.HoldsAsync(() => Task.FromResult(_w.Twilio.Accepted.Where(m => m.To == SimulatorWorld.AnaPhone).ToList()),
            m => m.Count == 1, "Ana's draft notice at her real phone");
        Assert.Contains("VERIFY", notice[0].Body);
        var thread = await _w.ThreadAsync(SimulatorWorld.AnaPhone);
        Assert.DoesNotContain(thread, m => m.Body.Contains("VERIFY") || m.Body.Contains("Checkpoint"));
        Assert.Contains(thread, m => m.Body == SimulatorThread.RefusedCoordinator);
        Assert.Empty(await _w.Db.QueryAsync<string>("SELECT status FROM subscribers WHERE channel = 'sms' AND simulated"));
    }

    [Fact]
    public async Task CoordinatorsNumber_AlreadyMarkedSimulated_StillNeverDiverted()
    {
        // A row left from before the rule: the coordinator's number marked simulated.
        await _w.TextThroughTwilioAsync(SimulatorWorld.AnaPhone, "JOIN LA");
        await _w.App.Get<SubscriberStore>().MarkSimulatedAsync(ChannelName.Sms, SimulatorWorld.AnaPhone);
        await BenDraftsAsync();

        await Eventually.HoldsAsync(() => Task.FromResult(_w.Twilio.Accepted.Count(m => m.To == SimulatorWorld.AnaPhone)), n => n == 1, "Ana's notice at her phone");
        Assert.DoesNotContain(await _w.ThreadAsync(SimulatorWorld.AnaPhone), m => m.Body.Contains("VERIFY"));
    }
}
