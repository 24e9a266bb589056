using System.Net;
using System.Text.Json;
using Broadcaster.Networks;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.Alerts;

/// <summary>
/// Alerts to areas through the API, where two networks' areas overlap: North Bay has Napa County and, inside it,
/// "napa-valley"; San Diego RRN has its own "napa-too" over the very same ZIP codes. A coordinator targets, sees and
/// counts only their own network's areas.
/// </summary>
public sealed class AreaAlertsApiTests : IAsyncLifetime
{
    private static readonly string[] Valley = ["94558", "94559"];
    private AlertWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await StartAsync();
        var areas = _w.App.Get<AreaStore>();
        await areas.AddAsync("north-bay", "napa-valley", "Napa Valley", [], Valley);
        await areas.AddAsync("san-diego", "napa-too", "Napa Too", [], Valley);
        await _w.AddSubscribersAsync("napa", "sms", "en", 2);
        await _w.AddSubscribersAsync("napa-valley", "sms", "es", 1);
        await _w.AddSubscribersAsync("napa-valley", "telegram", "en", 1);
        await _w.AddSubscribersAsync("sonoma", "sms", "en", 1);
        await _w.AddSubscribersAsync("napa-too", "sms", "en", 3);
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Draft_AreasBody_ReachesTheCountyAndTheAreaNotTheOverlappingNetwork()
    {
        var response = await PostDraftAsync(_w.Ana, new { areas = new[] { "napa-valley" }, texts = new { en = "Checkpoint on Hwy 29.", es = "Retén en la Hwy 29." } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = await JsonAsync(response);
        Assert.Equal(["napa-valley"], draft.GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, draft.GetProperty("recipients").GetProperty("sms").GetInt32());
        Assert.Equal(1, draft.GetProperty("recipients").GetProperty("telegram").GetInt32());
    }

    [Fact]
    public async Task Draft_OverlappingNetworksOwnArea_OnlyItsSubscribers()
    {
        var response = await PostDraftAsync(_w.Cruz, new { areas = new[] { "napa-too" }, texts = new { en = "Checkpoint." } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, (await JsonAsync(response)).GetProperty("recipients").GetProperty("sms").GetInt32());
    }

    [Theory]
    [InlineData("napa-valley")]  // another network's area over the very ZIP codes of one of Cruz's
    [InlineData("napa")]         // another network's county area, inside which Cruz has an area
    [InlineData("Napa Valley")]  // by name
    [InlineData("94558")]        // a ZIP of that area: Cruz's own "napa-too" holds it, so this one is allowed below
    public async Task Draft_AnotherNetworksArea_403AndNothingWritten(string target)
    {
        var response = await PostDraftAsync(_w.Cruz, new { areas = new[] { target, "san-diego" }, texts = new { en = "Checkpoint." } });

        if (target == "94558")
        {
            // A ZIP names the caller's own area holding it, never another network's.
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(["napa-too", "san-diego"], (await JsonAsync(response)).GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
            return;
        }
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    [Fact]
    public async Task Areas_EachCoordinatorSeesOnlyTheirNetworksAreasAndCounts()
    {
        var ana = await JsonAsync(await _w.Ana.Http.GetAsync("/api/areas"));
        var cruz = await JsonAsync(await _w.Cruz.Http.GetAsync("/api/areas"));

        Assert.Equal(["napa:2:0:9", "napa-valley:1:1:2", "sonoma:1:0:36"], Lines(ana));
        Assert.Equal(["napa-too:3:0:2", "san-diego:0:0:108"], Lines(cruz));
        var valley = ana.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("slug").GetString() == "napa-valley");
        Assert.Equal("Napa Valley", valley.GetProperty("name").GetString());
        Assert.Equal(["napa"], valley.GetProperty("counties").EnumerateArray().Select(c => c.GetString()));
    }

    /// <summary>"slug:sms:telegram:zipCount" per area.</summary>
    private static List<string> Lines(JsonElement body) => body.GetProperty("areas").EnumerateArray().Select(a =>
        $"{a.GetProperty("slug").GetString()}:{a.GetProperty("subscribers").GetProperty("sms").GetInt32()}:" +
        $"{a.GetProperty("subscribers").GetProperty("telegram").GetInt32()}:{a.GetProperty("zipCount").GetInt32()}").ToList();
}
