using System.Net;
using System.Xml.Linq;
using Broadcaster.Channels;
using Broadcaster.Networks;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Networks;

/// <summary>
/// Three networks in one deployment: North Bay (Napa, Sonoma) with its own number at 1 segment/s, San Diego with
/// its own number at 50/s, and LA RRN (Los Angeles, Orange) on the default number. Texts arrive at a number
/// (Twilio's To) and alerts leave from their network's number.
/// </summary>
public sealed class NetworkSendersTests : IAsyncLifetime
{
    private const string NorthBayNumber = "+17075550100";
    private const string SanDiegoNumber = "+16195550100";
    private const string Rosa = "+17075550181";
    private SmsTestbed _t = null!;
    private Network _northBay = null!;
    private Network _sanDiego = null!;

    public async Task InitializeAsync()
    {
        _t = await SmsTestbed.StartAsync(extra: new Dictionary<string, string?>
        {
            ["Twilio:MessagesPerSecond"] = "50",
            ["Delivery:RetryBaseDelay"] = "00:00:00.200",
        });
        var networks = _t.App.Get<NetworkStore>();
        _northBay = await networks.SetSmsSenderAsync("north-bay", new SmsSender(NorthBayNumber, null, 1));
        _sanDiego = await networks.AddAsync("san-diego", "San Diego RRN", ["san-diego"], "+16195550190", new SmsSender(SanDiegoNumber, null, 50));
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static SubscriberTexts English => SubscriberTexts.For("en", ChannelName.Sms);

    [Fact]
    public async Task Join_AloneAtEachNumber_OnlyCountyJoinedOrCountiesOffered()
    {
        var atSanDiego = await TextAtAsync(SanDiegoNumber, Rosa, "JOIN");
        var atNorthBay = await TextAtAsync(NorthBayNumber, "+17075550182", "JOIN");
        var atDefault = await TextAtAsync(FakeTwilio.From, "+17075550183", "JOIN");

        Assert.Equal(English.AskConfirm("San Diego RRN", [Places.County("San Diego")]), atSanDiego);
        Assert.Equal("san-diego:pending", await _t.CountiesAsync(Rosa));
        Assert.Equal(English.ChooseCounty(SmsTestbed.NorthBay, [Places.County("Napa"), Places.County("Sonoma")]), atNorthBay);
        Assert.Equal(English.AskCounty(), atDefault);
        Assert.Equal(1, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Join_CountyOfAnotherNetworkAtANetworksNumber_PointedToThatNumberNothingStored()
    {
        var reply = await TextAtAsync(NorthBayNumber, Rosa, "JOIN San Diego");
        var atDefault = await TextAtAsync(FakeTwilio.From, "+17075550182", "JOIN San Diego");

        Assert.Equal(English.OtherNetwork(Places.County("San Diego"), "San Diego RRN", SanDiegoNumber), reply);
        Assert.Contains("(619) 555-0100", reply);
        Assert.Null(await _t.StatusAsync(Rosa));
        Assert.Equal(English.AskConfirm("San Diego RRN", [Places.County("San Diego")]), atDefault);
    }

    [Fact]
    public async Task Help_AtEachNumber_NamesThatNetworkAndItsHotline()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "los-angeles");

        var atNorthBay = await TextAtAsync(NorthBayNumber, Rosa, "HELP me");
        var atSanDiego = await TextAtAsync(SanDiegoNumber, Rosa, "ayuda");
        var atDefault = await TextAtAsync(FakeTwilio.From, Rosa, "HELP me");

        Assert.Equal(English.Help(SmsTestbed.NorthBay, [new Hotline(SmsTestbed.NorthBay, SmsTestbed.NorthBayHotline)]), atNorthBay);
        Assert.Contains("San Diego RRN", atSanDiego);
        Assert.Contains("(619) 555-0190", atSanDiego);
        Assert.StartsWith("LA RRN:", atDefault);
    }

    [Fact]
    public async Task Stop_AtANetworksNumber_LeavesOnlyItsCountiesThenErasesWhenNothingLeft()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "napa", "sonoma", "los-angeles");

        var atNorthBay = await TextAtAsync(NorthBayNumber, Rosa, "STOP");
        var afterNorthBay = (await _t.StatusAsync(Rosa), await _t.CountiesAsync(Rosa), await CipherAsync(Rosa));
        var atDefault = await TextAtAsync(FakeTwilio.From, Rosa, "STOP");

        Assert.Equal(English.Stopped(SmsTestbed.NorthBay), atNorthBay);
        Assert.Equal(("active", "los-angeles:active", true), afterNorthBay);
        Assert.Equal(English.Stopped("LA RRN"), atDefault);
        Assert.Equal(("stopped", "", false), (await _t.StatusAsync(Rosa), await _t.CountiesAsync(Rosa), await CipherAsync(Rosa)));
    }

    [Fact]
    public async Task Stop_AtANetworksNumberByItsOnlySubscriber_AddressErased()
    {
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Rosa, "en", "san-diego");

        var reply = await TextAtAsync(SanDiegoNumber, Rosa, "alto");

        Assert.Equal(English.Stopped("San Diego RRN"), reply);
        Assert.Equal(("stopped", "", false), (await _t.StatusAsync(Rosa), await _t.CountiesAsync(Rosa), await CipherAsync(Rosa)));
    }

    [Fact]
    public async Task Broadcast_BigOneOfSlowNetworkAndSmallOneOfAnother_EachFromItsOwnNumberAndTheSmallOneIsNotHeldBack()
    {
        var northBay = await _t.Seed.SmsSubscribersAsync(20, "napa", first: 3000);
        var sanDiego = Enumerable.Range(4000, 10).Select(i => $"+1619555{i:0000}").ToList();
        foreach (var number in sanDiego)
            await _t.Seed.SubscriberAsync(ChannelName.Sms, number, "en", "san-diego");
        var la = await _t.Seed.SmsSubscribersAsync(3, "los-angeles", first: 5000);
        var ana = (await _t.Seed.CoordinatorAsync("north-bay", "Ana")).Coordinator.Id;
        var cruz = (await _t.Seed.CoordinatorAsync("san-diego", "Cruz")).Coordinator.Id;
        var lee = (await _t.Seed.CoordinatorAsync("la-rrn", "Lee")).Coordinator.Id;
        var big = await _t.Seed.AlertAsync(_northBay.Id, ana, ["napa"]);
        var small = await _t.Seed.AlertAsync(_sanDiego.Id, cruz, ["san-diego"]);
        var other = await _t.Seed.AlertAsync((await _t.App.Get<NetworkStore>().FindBySlugAsync("la-rrn"))!.Id, lee, ["los-angeles"]);

        _t.App.Verify(big);
        await Eventually.HoldsAsync(() => Task.FromResult(_t.Twilio.Origins.Count(o => o.Sender == NorthBayNumber)), n => n >= 1, "North Bay's first message");
        _t.App.Verify(small);
        _t.App.Verify(other);
        await _t.Db.CompletedAsync(small);
        await _t.Db.CompletedAsync(other);

        var sent = _t.Twilio.Origins.ToList();
        var northBaySent = sent.Count(o => northBay.Contains(o.To));
        Assert.All(sent.Where(o => northBay.Contains(o.To)), o => Assert.Equal(NorthBayNumber, o.Sender));
        Assert.Equal(sanDiego.Order(), sent.Where(o => o.Sender == SanDiegoNumber).Select(o => o.To).Order());
        Assert.Equal(la.Order(), sent.Where(o => la.Contains(o.To)).Select(o => o.To).Order());
        Assert.All(sent.Where(o => la.Contains(o.To)), o => Assert.Equal(FakeTwilio.From, o.Sender));
        // North Bay's 20 messages at 1 segment/s are far from done while San Diego's 10 at 50/s are all out.
        Assert.InRange(northBaySent, 1, 15);
        Assert.Equal(20, await _t.Db.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE alert_id = @big", new { big }));
    }

    /// <summary>A signed inbound SMS to <paramref name="to"/>; the TwiML reply's message, or null.</summary>
    private async Task<string?> TextAtAsync(string to, string from, string body)
    {
        var form = SmsTestbed.Form(from, body);
        form["To"] = to;
        var (status, xml) = await _t.PostAsync(form);
        Assert.Equal(HttpStatusCode.OK, status);
        return XElement.Parse(xml).Elements("Message").SingleOrDefault()?.Value;
    }

    private Task<bool> CipherAsync(string number) => _t.Db.ScalarAsync<bool>(
        "SELECT address_cipher IS NOT NULL FROM subscribers WHERE channel = 'sms' AND address_index = @index",
        new { index = _t.Seed.Protector.BlindIndex("sms", number) });
}
