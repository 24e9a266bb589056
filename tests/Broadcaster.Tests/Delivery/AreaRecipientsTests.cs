using Broadcaster.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// Who an alert to an area reaches (DESIGN, "Areas"): LA RRN serves Los Angeles County and, inside it, Long Beach
/// and Boyle Heights; another network serves its own Long Beach area over the same ZIP codes. Each case asserts on the
/// fan-out's own recipient query: every subscriber at most once.
/// </summary>
public sealed class AreaRecipientsTests : IAsyncLifetime
{
    private static readonly string[] LongBeach = ["90802", "90803", "90804", "90805", "90806", "90807", "90808", "90810", "90813", "90814", "90815"];
    private static readonly string[] BoyleHeights = ["90033", "90023", "90063"];

    private TestDatabase _db = null!;
    private Seed _seed = null!;
    private long _la;
    private long _author;
    private long _county;
    private long _longBeach;
    private long _boyleHeights;
    private long _countyAndLongBeach;
    private long _otherNetwork;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _seed = new Seed(_db);
        _la = (await _seed.NetworkAsync("la-rrn", "los-angeles")).Id;
        _author = (await _seed.CoordinatorAsync("la-rrn", "Ana")).Coordinator.Id;
        await _seed.AreaAsync("la-rrn", "la-long-beach", "Long Beach", LongBeach);
        await _seed.AreaAsync("la-rrn", "boyle-heights", "Boyle Heights", BoyleHeights);
        await _seed.NetworkAsync("lb-cdn");
        await _seed.AreaAsync("lb-cdn", "long-beach", "Long Beach", LongBeach);
        _county = await _seed.SubscriberAsync("sms", "+12135550111", "en", "los-angeles");
        _longBeach = await _seed.SubscriberAsync("sms", "+12135550112", "en", "la-long-beach");
        _boyleHeights = await _seed.SubscriberAsync("telegram", "900001", "es", "boyle-heights");
        _countyAndLongBeach = await _seed.SubscriberAsync("sms", "+12135550113", "en", "los-angeles", "la-long-beach");
        _otherNetwork = await _seed.SubscriberAsync("sms", "+12135550114", "en", "long-beach");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task NeighbourhoodAlert_CountyAndThatNeighbourhoodOnce_NotTheOtherNeighbourhoodNorTheOtherNetwork()
    {
        var alert = await _seed.AlertAsync(_la, _author, ["la-long-beach"]);

        var reached = await RecipientsAsync(alert);

        Assert.Equal([_county, _longBeach, _countyAndLongBeach], reached.Keys.Order());
        Assert.All(reached.Values, times => Assert.Equal(1, times));
        Assert.DoesNotContain(_boyleHeights, reached.Keys);
        Assert.DoesNotContain(_otherNetwork, reached.Keys);
    }

    [Fact]
    public async Task CountyAlert_EveryHomeInTheCountyOnce_NotTheOtherNetwork()
    {
        var alert = await _seed.AlertAsync(_la, _author, ["los-angeles"]);

        var reached = await RecipientsAsync(alert);

        Assert.Equal([_county, _longBeach, _boyleHeights, _countyAndLongBeach], reached.Keys.Order());
        Assert.All(reached.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task TwoNeighbourhoodsTargeted_EachSubscriberOnce()
    {
        var alert = await _seed.AlertAsync(_la, _author, ["la-long-beach", "boyle-heights"]);

        var reached = await RecipientsAsync(alert);

        Assert.Equal([_county, _longBeach, _boyleHeights, _countyAndLongBeach], reached.Keys.Order());
        Assert.All(reached.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task AreaAddedAfterPeopleJoinedTheCounty_ItsAlertsStillReachThem()
    {
        await _seed.AreaAsync("la-rrn", "pomona", "Pomona", ["91767", "91768"]);
        var alert = await _seed.AlertAsync(_la, _author, ["pomona"]);

        var reached = await RecipientsAsync(alert);

        Assert.Equal([_county, _countyAndLongBeach], reached.Keys.Order());
    }

    [Fact]
    public async Task OtherNetworksNeighbourhoodAlert_OnlyItsOwnSubscribers()
    {
        var lb = await _db.ScalarAsync<long>("SELECT id FROM networks WHERE slug = 'lb-cdn'");
        var author = (await _seed.CoordinatorAsync("lb-cdn", "Lu")).Coordinator.Id;
        var alert = await _seed.AlertAsync(lb, author, ["long-beach"]);

        Assert.Equal([_otherNetwork], (await RecipientsAsync(alert)).Keys);
    }

    [Fact]
    public async Task PlannedTwice_EachRecipientHasOneDeliveryRow()
    {
        var alert = await _seed.AlertAsync(_la, _author, ["la-long-beach", "los-angeles"]);
        const string plan = $"""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status)
            SELECT @alertId, r.subscriber_id, r.channel, 'pending' FROM ({Recipients.Select}) r
            ON CONFLICT DO NOTHING
            """;

        var first = await _db.ExecuteAsync(plan, new { alertId = alert });
        var second = await _db.ExecuteAsync(plan, new { alertId = alert });

        Assert.Equal(4, first);
        Assert.Equal(0, second);
    }

    private async Task<Dictionary<long, int>> RecipientsAsync(long alertId) =>
        (await _db.QueryAsync<(long Id, int Times)>(
            $"SELECT subscriber_id, count(*)::int FROM ({Recipients.Select}) r GROUP BY subscriber_id", new { alertId }))
        .ToDictionary(r => r.Id, r => r.Times);
}
