using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>
/// Areas on Telegram: Los Angeles County has la RRN's county-wide area and lb RRN's Long Beach (two ZIP codes);
/// San Francisco has one area. Buttons, deep links and typed places through the webhook and the real SDK.
/// </summary>
public sealed class TelegramAreaTests : TelegramTestbed
{
    private async Task LongBeachAsync()
    {
        var seed = new Seed(Db);
        await seed.NetworkAsync("lb");
        await seed.AreaAsync("lb", "long-beach", "Long Beach", ["90802", "90803"]);
    }

    [Fact]
    public async Task Start_CountyWithTwoAreas_CountyButtonThenAreaButtonsThenJoinsOnlyThatArea()
    {
        await LongBeachAsync();

        await SendAsync(BotUpdates.Message(1, Chat, "/start"));

        Assert.Equal([[("Los Angeles", "county:los-angeles"), ("San Francisco", "join:san-francisco")]], Fake.Sent[0].Buttons);

        await SendAsync(BotUpdates.Button(2, Chat, "county:los-angeles"));

        Assert.Equal(English.PickArea("Los Angeles"), Fake.Sent[1].Text);
        Assert.Equal("Choose your area in Los Angeles County, or type your ZIP code.", Fake.Sent[1].Text);
        Assert.Equal([[("Los Angeles County · la RRN", "join:los-angeles")], [("Long Beach · lb RRN", "join:long-beach")]], Fake.Sent[1].Buttons);
        Assert.Empty(await SubscribersAsync());

        await SendAsync(BotUpdates.Button(3, Chat, "join:long-beach"));

        Assert.Equal(["long-beach"], await CountiesAsync());
        Assert.Equal(English.Welcome("lb RRN", [Places.Area("Long Beach")]), Fake.Sent[2].Text);
    }

    [Fact]
    public async Task CountyButton_InSpanish_AreaPromptInSpanish()
    {
        await LongBeachAsync();

        await SendAsync(BotUpdates.Button(1, Chat, "county:los-angeles", languageCode: "es-MX"));

        Assert.Equal("Elija su zona en el condado de Los Angeles, o escriba su codigo postal (ZIP).", Assert.Single(Fake.Sent).Text);
    }

    [Theory]
    [InlineData("county:atlantis")]
    [InlineData("county:fresno")]
    public async Task CountyButton_UnknownOrUnservedCounty_ShowsTheCountiesAndStoresNothing(string data)
    {
        await SendAsync(BotUpdates.Button(1, Chat, data));

        Assert.Equal([[("Los Angeles", "join:los-angeles"), ("San Francisco", "join:san-francisco")]], Assert.Single(Fake.Sent).Buttons);
        Assert.Empty(await SubscribersAsync());
    }

    [Theory]
    [InlineData("/start long-beach", "long-beach", "lb RRN", "Long Beach", false)]
    [InlineData("/start los-angeles", "los-angeles", "la RRN", "Los Angeles", true)]
    public async Task StartDeepLink_AreaSlug_JoinsExactlyThatArea(string text, string area, string program, string place, bool county)
    {
        await LongBeachAsync();

        await SendAsync(BotUpdates.Message(1, Chat, text));

        Assert.Equal([area], await CountiesAsync());
        Assert.Equal(English.Welcome(program, [county ? Places.County(place) : Places.Area(place)]), Assert.Single(Fake.Sent).Text);
    }

    [Fact]
    public async Task StartDeepLink_OneWordCountySlugWhereAnotherNetworkServesACity_JoinsExactlyTheCountyArea()
    {
        // Typed, "napa" names the county (a menu of both networks); as a deep link it names the area of that slug.
        var seed = new Seed(Db);
        await seed.NetworkAsync("nb", "napa");
        await seed.NetworkAsync("nc");
        await seed.AreaAsync("nc", "napa-city", "Napa (city)", ["94558", "94559"]);

        await SendAsync(BotUpdates.Message(1, Chat, "/start napa"));

        Assert.Equal(["napa"], await CountiesAsync());
        Assert.Equal(English.Welcome("nb RRN", [Places.County("Napa")]), Assert.Single(Fake.Sent).Text);
    }

    [Fact]
    public async Task StartDeepLink_OneWordSlugThatIsNoCounty_JoinsThatArea()
    {
        var seed = new Seed(Db);
        await seed.NetworkAsync("lb");
        await seed.AreaAsync("lb", "longbeach", "Long Beach", ["90802", "90803"]);

        await SendAsync(BotUpdates.Message(1, Chat, "/start longbeach"));

        Assert.Equal(["longbeach"], await CountiesAsync());
        Assert.Equal(English.Welcome("lb RRN", [Places.Area("Long Beach")]), Assert.Single(Fake.Sent).Text);
    }

    [Fact]
    public async Task TypedCountyName_WhereTwoNetworksServeIt_StillTheCountysMenuNotTheSlug()
    {
        // The deep link's exact slug is for /start and buttons only: "/join napa" typed is the county, as JOIN NAPA is.
        var seed = new Seed(Db);
        await seed.NetworkAsync("nb", "napa");
        await seed.NetworkAsync("nc");
        await seed.AreaAsync("nc", "napa-city", "Napa (city)", ["94558", "94559"]);

        await SendAsync(BotUpdates.Message(1, Chat, "/join napa"));

        var menu = Assert.Single(Fake.Sent).Text;
        Assert.Contains("nb RRN", menu);
        Assert.Contains("nc RRN", menu);
        Assert.Empty(await CountiesAsync());
    }

    [Fact]
    public async Task AreaButton_OneWordCountySlug_JoinsExactlyThatArea()
    {
        var seed = new Seed(Db);
        await seed.NetworkAsync("nb", "napa");
        await seed.NetworkAsync("nc");
        await seed.AreaAsync("nc", "napa-city", "Napa (city)", ["94558", "94559"]);

        await SendAsync(BotUpdates.Button(1, Chat, "join:napa"));

        Assert.Equal(["napa"], await CountiesAsync());
    }

    [Fact]
    public async Task TypedZip_OnlyOneNetworkHoldsIt_JoinsItsSmallestArea()
    {
        await LongBeachAsync();
        await new Seed(Db).AreaAsync("la", "la-downtown", "Downtown LA", ["90012", "90013"]);

        await SendAsync(BotUpdates.Message(1, Chat, "90013"));

        Assert.Equal(["la-downtown"], await CountiesAsync());
        Assert.Equal(English.Welcome("la RRN", [Places.Area("Downtown LA")]), Assert.Single(Fake.Sent).Text);
    }
}
