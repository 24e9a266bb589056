using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;

namespace Broadcaster.Tests.Coordinators;

/// <summary>
/// The one way to reach a coordinator: North Bay has its own number (1 segment/s); LA RRN uses the default
/// number. Twilio and the Bot API are fakes on 127.0.0.1, driven by the real SDKs.
/// </summary>
public sealed class CoordinatorNoticesTests : IAsyncLifetime
{
    private const string NorthBayNumber = "+17075550100";
    private const string AnaPhone = "+17075550111";
    private const string LuisPhone = "+12135550122";
    private const long DanaTelegramId = 5550144;
    private FakeTelegram _bot = null!;
    private SmsTestbed _t = null!;
    private Network _northBay = null!;

    public async Task InitializeAsync()
    {
        _bot = await FakeTelegram.StartAsync();
        _t = await SmsTestbed.StartAsync(extra: TelegramTestbed.Settings(_bot, mode: "Webhook"));
        _northBay = await _t.App.Get<NetworkStore>().SetSmsSenderAsync("north-bay", new SmsSender(NorthBayNumber, null, 1));
    }

    public async Task DisposeAsync()
    {
        await _t.DisposeAsync();
        await _bot.DisposeAsync();
    }

    private CoordinatorNotices Notices => _t.App.Get<CoordinatorNotices>();
    private CoordinatorStore Coordinators => _t.App.Get<CoordinatorStore>();

    [Fact]
    public async Task Notice_CoordinatorWithPhone_FromTheNetworksOwnNumberThroughItsBucket()
    {
        var (ana, _) = await Coordinators.AddAsync("north-bay", "Ana", AnaPhone, DanaTelegramId);

        var taken = await BucketsTakenAsync(async () => Assert.Equal(SendOutcome.Sent, (await Notices.SendAsync(ana, "Hello Ana")).Outcome));

        Assert.Equal((AnaPhone, NorthBayNumber), Assert.Single(_t.Twilio.Origins));
        Assert.Equal("Hello Ana", Assert.Single(_t.Twilio.Accepted).Body);
        Assert.Empty(_bot.Sent);
        // The network's own bucket gave the slot (the default sender's was never asked).
        Assert.Equal(["sms:" + _northBay.Id], taken);
    }

    [Fact]
    public async Task Notice_DefaultSenderNetwork_FromTheDefaultNumber()
    {
        var (luis, _) = await Coordinators.AddAsync("la-rrn", "Luis", LuisPhone, null);

        var taken = await BucketsTakenAsync(async () => Assert.Equal(SendOutcome.Sent, (await Notices.SendAsync(luis, "Hello Luis")).Outcome));

        Assert.Equal((LuisPhone, FakeTwilio.From), Assert.Single(_t.Twilio.Origins));
        Assert.Equal(["sms"], taken);
    }

    [Fact]
    public async Task Notice_TelegramOnlyOrAskedForTelegram_GoesToTheirTelegramAccount()
    {
        var (dana, _) = await Coordinators.AddAsync("north-bay", "Dana", null, DanaTelegramId);
        var (ana, _) = await Coordinators.AddAsync("north-bay", "Ana", AnaPhone, DanaTelegramId + 1);

        var taken = await BucketsTakenAsync(async () =>
        {
            Assert.Equal(SendOutcome.Sent, (await Notices.SendAsync(dana, "Hello Dana")).Outcome);
            Assert.Equal(SendOutcome.Sent, (await Notices.SendAsync(ana, "Hello Ana", ChannelName.Telegram)).Outcome);
        });

        Assert.Equal([(DanaTelegramId, "Hello Dana"), (DanaTelegramId + 1, "Hello Ana")], _bot.Sent.Select(c => (c.ChatId!.Value, c.Text!)));
        Assert.Empty(_t.Twilio.Accepted);
        Assert.Equal(["telegram"], taken);
    }

    [Fact]
    public async Task Notice_RevokedOrNoAddressOnTheChannel_NothingSent()
    {
        var (ana, _) = await Coordinators.AddAsync("north-bay", "Ana", AnaPhone, null);
        var (ben, _) = await Coordinators.AddAsync("north-bay", "Ben", "+17075550122", null);
        await Coordinators.RevokeAsync(ben.Id);

        var revoked = await Notices.SendAsync(ben, "Hello Ben");
        var noTelegram = await Notices.SendAsync(ana, "Hello Ana", ChannelName.Telegram);

        Assert.Equal((SendOutcome.Failed, CoordinatorNotices.Unreachable), (revoked.Outcome, revoked.Error));
        Assert.Equal((SendOutcome.Failed, CoordinatorNotices.Unreachable), (noTelegram.Outcome, noTelegram.Error));
        Assert.Empty(_t.Twilio.Accepted);
        Assert.Empty(_bot.Sent);
    }

    [Fact]
    public async Task Notice_ProviderAsksToWait_TheSenderPausesForEveryone()
    {
        var (ana, _) = await Coordinators.AddAsync("north-bay", "Ana", AnaPhone, null);
        _t.Twilio.Reply = _ => TwilioReply.RateLimited(retryAfterSeconds: 30);

        var result = await Notices.SendAsync(ana, "Hello Ana");

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.True(await _t.Db.ScalarAsync<bool>("SELECT paused_until > now() FROM channel_rate WHERE sender = @s", new { s = "sms:" + _northBay.Id }));
    }

    /// <summary>The senders whose shared bucket was taken from while <paramref name="act"/> ran.</summary>
    private async Task<List<string>> BucketsTakenAsync(Func<Task> act)
    {
        const string state = "SELECT sender || ' ' || refreshed_at::text || ' ' || tokens::text FROM channel_rate";
        var before = await _t.Db.QueryAsync<string>(state);
        await act();
        return (await _t.Db.QueryAsync<string>(state)).Except(before).Select(s => s.Split(' ')[0]).Order().ToList();
    }
}
