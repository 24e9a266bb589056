using Broadcaster.Networks;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;
using Broadcaster.Tests.Simulator;

namespace Broadcaster.Tests.Drills;

/// <summary>A drill for one area of LA RRN (Long Beach, inside its Los Angeles County area): simulated numbers and coordinators only.</summary>
public sealed class DrillAreaTests : IAsyncLifetime
{
    private const string CountyPhone = "+12135550101";
    private const string LongBeachPhone = "+12135550102";
    private const string OrangePhone = "+12135550103";
    private SimulatorWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await SimulatorWorld.StartAsync();
        await _w.App.Get<AreaStore>().AddAsync("la-rrn", "long-beach", "Long Beach", [], ["90802", "90803"]);
        foreach (var (phone, place) in new[] { (CountyPhone, "LA"), (LongBeachPhone, "90802"), (OrangePhone, "Orange") })
        {
            await _w.SimulateAsync(phone, "JOIN " + place);
            await _w.SimulateAsync(phone, "YES");
        }
        await _w.TextThroughTwilioAsync(SimulatorWorld.RealPhone, "JOIN 90803");
        await _w.TextThroughTwilioAsync(SimulatorWorld.RealPhone, "YES");
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task DrillForOneArea_ReachesItsAndTheCountysSimulatedNumbersAndTheCoordinators_NeverARealPhone()
    {
        const string text = "Drill: checkpoint on Ocean Blvd.";

        var id = await _w.DraftAndVerifyAsync(text, drill: true, county: "long-beach");
        await _w.Db.CompletedAsync(id);

        var drill = $"DRILL - VERIFIED ALERT #{id} ";
        await Eventually.HoldsAsync(() => Task.FromResult(_w.Twilio.Accepted.Count(m => m.Body.StartsWith(drill))),
            n => n >= 2, "the drill at both coordinators' phones");
        Assert.Equal([SimulatorWorld.AnaPhone, SimulatorWorld.BenPhone], _w.Twilio.Accepted.Where(m => m.Body.StartsWith(drill)).Select(m => m.To).Order());
        Assert.DoesNotContain(_w.Twilio.Accepted, m => m.To == SimulatorWorld.RealPhone && m.Body.Contains(text));
        Assert.StartsWith(drill, Assert.Single(await _w.ThreadAsync(LongBeachPhone), m => m.Body.Contains(text)).Body);
        Assert.StartsWith(drill, Assert.Single(await _w.ThreadAsync(CountyPhone), m => m.Body.Contains(text)).Body);
        Assert.DoesNotContain(await _w.ThreadAsync(OrangePhone), m => m.Body.Contains(text));
    }
}
