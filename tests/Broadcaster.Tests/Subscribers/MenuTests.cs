using System.Net;
using System.Text;
using Broadcaster.Channels;
using Broadcaster.Networks;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Subscribers;

/// <summary>
/// At the default number, a Long Beach ZIP is served by two networks: the county-wide LA County RRN and the Long
/// Beach network (which also has its own number). The person gets a numbered menu in their language and chooses
/// one, several or all; then the usual YES. A menu holds only the areas offered, and lapses with the pending join.
/// </summary>
public sealed class MenuTests : IAsyncLifetime
{
    private const string LongBeachNumber = "+15625550100";
    private const string Rosa = "+15625550181";
    private const string LaCounty = "LA County RRN";
    private const string LongBeach = "Long Beach CDN";
    private static readonly string[] LongBeachZips = ["90802", "90803", "90804", "90805", "90806", "90807", "90808", "90810", "90813", "90814", "90815"];
    // The most precise area first: Long Beach (11 ZIP codes), then the county (285).
    private static readonly MenuOption[] Choices = [new(1, LongBeach, "Long Beach"), new(2, LaCounty, "Los Angeles County")];

    private FakeTelegram _telegram = null!;
    private SmsTestbed _t = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegram.StartAsync();
        _t = await SmsTestbed.StartAsync(extra: TelegramTestbed.Settings(_telegram), networks: false);
        var networks = _t.App.Get<NetworkStore>();
        await networks.AddAsync("la-county", LaCounty, ["los-angeles"], "+12135550190");
        await networks.AddAsync("lb-cdn", LongBeach, [], "+15625550190", new SmsSender(LongBeachNumber, null, null));
        await _t.App.Get<AreaStore>().AddAsync("lb-cdn", "long-beach", "Long Beach", [], LongBeachZips);
    }

    public async Task DisposeAsync()
    {
        await _t.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    private static SubscriberTexts English => SubscriberTexts.For("en", ChannelName.Sms);

    [Fact]
    public async Task JoinLongBeachZip_DefaultNumber_MenuOfBothNetworksNothingJoinedYet()
    {
        var menu = await _t.ReplyAsync(Rosa, "JOIN 90802");

        Assert.Equal(English.Menu(Places.Area("90802"), Choices), menu);
        Assert.Contains("1 Long Beach CDN - Long Beach\n2 LA County RRN - Los Angeles County", menu);
        Assert.Equal("", await _t.CountiesAsync(Rosa));
        Assert.Equal("pending", await _t.StatusAsync(Rosa));
        // The menu holds the areas offered, never the ZIP that was texted.
        Assert.Equal(0L, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE status = 'offered' AND choice IS NULL"));
    }

    [Theory]
    [InlineData("2", "la-county", "los-angeles:pending")]
    [InlineData("1", "lb-cdn", "long-beach:pending")]
    [InlineData("1 2", "both", "long-beach:pending,los-angeles:pending")]
    [InlineData("2, 1", "both", "long-beach:pending,los-angeles:pending")]
    [InlineData("ALL", "both", "long-beach:pending,los-angeles:pending")]
    [InlineData("todos", "both", "long-beach:pending,los-angeles:pending")]
    public async Task Choice_EachAnswer_JoinsWhatItSaysThenYesConfirms(string answer, string which, string expected)
    {
        await _t.ReplyAsync(Rosa, "JOIN 90802");

        var ask = await _t.ReplyAsync(Rosa, answer);
        var pending = await _t.CountiesAsync(Rosa);
        var welcome = await _t.ReplyAsync(Rosa, "YES");

        Assert.Equal(expected, pending);
        var program = which switch { "la-county" => LaCounty, "lb-cdn" => LongBeach, _ => $"{LongBeach} / {LaCounty}" };
        Assert.StartsWith(program + ":", ask);
        Assert.Contains("YES", ask);
        Assert.Equal(expected.Replace(":pending", ":active"), await _t.CountiesAsync(Rosa));
        Assert.StartsWith(program + ":", welcome);
        Assert.Equal(0L, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE status = 'offered'"));
    }

    [Fact]
    public async Task Spanish_MenuAndConfirmationInSpanish()
    {
        var menu = await _t.ReplyAsync(Rosa, "UNIRME 90802");
        var ask = await _t.ReplyAsync(Rosa, "TODOS");

        Assert.Equal(SubscriberTexts.For("es", ChannelName.Sms).Menu(Places.Area("90802"), Choices), menu);
        Assert.StartsWith("Para 90802 hay alertas de varias redes.", menu);
        Assert.Contains("Responda SI", ask);
    }

    [Fact]
    public async Task Vietnamese_ActiveSubscriberGetsTheMenuInTheirLanguage_ChoiceJoinsAtOnce()
    {
        await _t.App.Get<NetworkStore>().AddAsync("sd-rrn", "SD RRN", ["san-diego"], null);
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "vi", "san-diego");
        var vietnamese = SubscriberTexts.For("vi", ChannelName.Sms);

        var menu = await _t.ReplyAsync(Rosa, "JOIN 90802");
        var joined = await _t.ReplyAsync(Rosa, "1");

        Assert.Equal(vietnamese.Menu(Places.Area("90802"), Choices), menu);
        Assert.Equal(vietnamese.Welcome(LongBeach, [Places.Area("Long Beach")]), joined);
        Assert.Equal("long-beach:active,san-diego:active", await _t.CountiesAsync(Rosa));
    }

    [Fact]
    public async Task NetworkAlreadyHeld_LeftOutOfTheMenu_TheOtherJoinedAtOnce()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "los-angeles");

        var joined = await _t.ReplyAsync(Rosa, "JOIN 90802");

        Assert.Equal(English.Welcome(LongBeach, [Places.Area("Long Beach")]), joined);
        Assert.Equal("long-beach:active,los-angeles:active", await _t.CountiesAsync(Rosa));
    }

    [Fact]
    public async Task Telegram_VietnameseApp_MenuInVietnameseThenChoiceJoinsAtOnce()
    {
        const long chat = 5550181;
        await PostTelegramAsync(BotUpdates.Message(1, chat, "/join 90802", languageCode: "vi"));
        await PostTelegramAsync(BotUpdates.Message(2, chat, "1", languageCode: "vi"));

        var sent = _telegram.Sent.Select(m => m.Text).ToList();
        Assert.Equal(SubscriberTexts.For("vi", ChannelName.Telegram).Menu(Places.Area("90802"), Choices), sent[0]);
        Assert.Equal(SubscriberTexts.For("vi", ChannelName.Telegram).Welcome(LongBeach, [Places.Area("Long Beach")]), sent[1]);
    }

    [Fact]
    public async Task YesBeforeChoosing_TheChoicesAgain()
    {
        await _t.ReplyAsync(Rosa, "JOIN 90802");

        var again = await _t.ReplyAsync(Rosa, "YES");

        Assert.Equal(English.MenuAgain(Choices), again);
        Assert.Equal("pending", await _t.StatusAsync(Rosa));
    }

    [Fact]
    public async Task LapsedMenu_ChoiceDoesNothing_AndTheJobErasesTheNumber()
    {
        await _t.ReplyAsync(Rosa, "JOIN 90802");
        await _t.Db.ExecuteAsync("UPDATE subscriptions SET created_at = now() - interval '25 hours'");

        var reply = await _t.ReplyAsync(Rosa, "2");

        Assert.DoesNotContain("YES", reply);
        Assert.Equal("", await _t.CountiesAsync(Rosa));
        await _t.App.Get<LapsedJoinsJob>().RunAsync();
        Assert.Null(await _t.StatusAsync(Rosa));
        Assert.Equal(0L, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscriptions"));
    }

    [Fact]
    public async Task NetworksOwnNumber_OnlyThatNetworkCounts_NoMenu()
    {
        var ask = await _t.TextAtAsync(LongBeachNumber, Rosa, "JOIN 90802");

        Assert.Equal(English.AskConfirm(LongBeach, [Places.Area("Long Beach")]), ask);
        Assert.Equal("long-beach:pending", await _t.CountiesAsync(Rosa));
    }

    [Fact]
    public async Task JoinLongBeachByName_DefaultNumber_ThatAreaWithoutMenu()
    {
        var ask = await _t.ReplyAsync(Rosa, "JOIN Long Beach");

        Assert.Equal(English.AskConfirm(LongBeach, [Places.Area("Long Beach")]), ask);
    }

    [Fact]
    public async Task HelpAtDefaultNumber_NamesTheNetworksOfTheirAreasAndHotlines()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "los-angeles", "long-beach");

        var help = await _t.ReplyAsync(Rosa, "HELP");

        Assert.Contains(LaCounty, help);
        Assert.Contains(LongBeach, help);
        Assert.Contains("(213) 555-0190", help);
        Assert.Contains("(562) 555-0190", help);
    }

    [Fact]
    public async Task LeaveByZip_LeavesEveryAreaHoldingIt()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "los-angeles", "long-beach");
        await _t.App.Get<AreaStore>().AddAsync("la-county", "pomona", "Pomona", [], ["91767", "91768"]);
        await _t.Seed.SubscriberAsync(ChannelName.Sms, "+15625550182", "en", "los-angeles", "pomona");

        await _t.ReplyAsync(Rosa, "LEAVE Long Beach");
        var byCounty = await _t.ReplyAsync("+15625550182", "LEAVE 91767");

        Assert.Equal("los-angeles:active", await _t.CountiesAsync(Rosa));
        Assert.Equal(English.LeftLast(LaCounty, [Places.County("Los Angeles"), Places.Area("Pomona")]), byCounty);
    }

    private async Task PostTelegramAsync(string update)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);
        Assert.Equal(HttpStatusCode.OK, (await _t.App.Http.SendAsync(request)).StatusCode);
    }
}
