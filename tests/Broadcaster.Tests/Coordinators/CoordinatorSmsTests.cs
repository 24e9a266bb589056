using System.Text.RegularExpressions;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Coordinators;

/// <summary>Coordinator commands end to end: signed Twilio webhooks in, TwiML replies and notices out through the fake Twilio.</summary>
public sealed partial class CoordinatorSmsTests : IAsyncLifetime
{
    private const string Ana = "+17075550111";
    private const string Ben = "+17075550122";
    private const string Stranger = "+17075550177";

    private SmsTestbed _t = null!;

    public async Task InitializeAsync()
    {
        _t = await SmsTestbed.StartAsync();
        await _t.Seed.CoordinatorAsync("north-bay", "Ana", Ana);
        await _t.Seed.CoordinatorAsync("north-bay", "Ben", Ben);
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task AlertThenVerify_BySmsFromTwoCoordinators_VerifiedAndQueued()
    {
        await _t.Seed.SubscriberAsync("sms", "+17075550150", "es", "napa");

        var drafted = await _t.ReplyAsync(Ana, "ALERT Napa ICE checkpoint at 1st and Main ES: Retén de ICE en 1st y Main");
        var id = long.Parse(DraftPattern().Match(drafted).Groups[1].Value);
        var notice = await Eventually.HoldsAsync(
            () => Task.FromResult(_t.Twilio.Accepted.Where(m => m.To == Ben).ToList()), m => m.Count == 1, "Ben asked to verify");
        var verified = await _t.ReplyAsync(Ben, $"verify {id}");

        Assert.StartsWith($"Draft #{id} for Napa: 1 recipient (1 SMS, 0 Telegram).", drafted);
        Assert.Contains($"VERIFY {id}", notice[0].Body);
        Assert.DoesNotContain(_t.Twilio.Accepted, m => m.To == Ana);
        Assert.StartsWith($"Alert #{id} verified", verified);
        Assert.Equal(1, await _t.Db.ScalarAsync<long>(
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%BroadcastJob%' AND arguments::jsonb ->> 0 = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task AlertAndVerify_FromStranger_OrdinaryKeywordHandlingAndNothingDrafted()
    {
        var alert = await _t.ReplyAsync(Stranger, "ALERT napa ICE checkpoint at 1st and Main");
        var verify = await _t.ReplyAsync(Stranger, "VERIFY 1");

        Assert.DoesNotContain("Draft", alert);
        Assert.Contains("replies are not read", alert);
        Assert.Contains("replies are not read", verify);
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    [Fact]
    public async Task SelfVerify_BySms_Refused()
    {
        var id = long.Parse(DraftPattern().Match(await _t.ReplyAsync(Ana, "ALERT sonoma Raid reported")).Groups[1].Value);

        var reply = await _t.ReplyAsync(Ana, $"VERIFY {id}");

        Assert.Contains("second coordinator", reply);
        Assert.Equal("draft", await _t.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData("ALERT \u0001atlantis Raid reported")]
    [InlineData("ALERT napa Raid\u0007 reported")]
    [InlineData("ALERT napa Raid\u0000 reported")]
    [InlineData("STATUS \u001b[31m")]
    public async Task Command_WithControlCharacter_NeverA500_ValidTwiMLAndNothingDrafted(string text)
    {
        var (status, xml) = await _t.PostAsync(SmsTestbed.Form(Ana, text));

        Assert.InRange((int)status, 200, 499);
        if (status == System.Net.HttpStatusCode.OK)
            Assert.DoesNotContain(System.Xml.Linq.XDocument.Parse(xml).Root!.Element("Message")!.Value, char.IsControl);
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    [GeneratedRegex(@"^Draft #(\d+) ")]
    private static partial Regex DraftPattern();
}
