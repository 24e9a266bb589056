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
        await ConfirmAsync(drafted, id);
        var notice = await Eventually.HoldsAsync(
            () => Task.FromResult(_t.Twilio.Accepted.Where(m => m.To == Ben).ToList()), m => m.Count == 1, "Ben asked to verify");
        var code = CodeIn(notice[0].Body, id);
        var verified = await _t.ReplyAsync(Ben, $"verify {id} {code}");

        Assert.StartsWith($"Draft #{id} for Napa County: 1 recipient (1 SMS, 0 Telegram).", drafted);
        Assert.Contains($"VERIFY {id} {code}", notice[0].Body);
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
        var drafted = await _t.ReplyAsync(Ana, "ALERT sonoma Raid reported");
        var id = long.Parse(DraftPattern().Match(drafted).Groups[1].Value);

        var reply = await _t.ReplyAsync(Ana, $"VERIFY {id} {AbortCode(drafted, id)}");

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

    [Fact]
    public async Task Verify_SpoofedBySmsWithoutTheCode_NothingSentAndStillDraft()
    {
        await _t.Seed.SubscriberAsync("sms", "+17075550150", "en", "napa");
        var id = await DraftConfirmedAsync("ALERT napa Raid reported");
        await Eventually.HoldsAsync(() => Task.FromResult(_t.Twilio.Accepted.Count(m => m.To == Ben)), n => n == 1, "Ben's notice");

        // Anyone can send a text with Ben's number as caller ID; only Ben's phone has the code.
        var plain = await _t.ReplyAsync(Ben, $"VERIFY {id}");
        var guessed = await _t.ReplyAsync(Ben, $"VERIFY {id} 000000");
        var abort = await _t.ReplyAsync(Ben, $"ABORT {id}");

        Assert.Contains("needs the code", plain);
        Assert.Contains("Wrong code", guessed);
        Assert.Contains("needs the code", abort);
        Assert.Equal("draft", await _t.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%BroadcastJob%'"));
        Assert.DoesNotContain(_t.Twilio.Accepted, m => m.To == "+17075550150");
    }

    [Fact]
    public async Task Verify_FiveWrongCodes_LocksTextVerificationEvenWithTheRightCode()
    {
        var id = await DraftConfirmedAsync("ALERT napa Raid reported");
        var notice = await Eventually.HoldsAsync(
            () => Task.FromResult(_t.Twilio.Accepted.Where(m => m.To == Ben).ToList()), m => m.Count == 1, "Ben's notice");
        var code = CodeIn(notice[0].Body, id);
        var wrong = code == "111111" ? "222222" : "111111";

        var replies = new List<string>();
        for (var i = 0; i < 5; i++)
            replies.Add(await _t.ReplyAsync(Ben, $"VERIFY {id} {wrong}"));
        var right = await _t.ReplyAsync(Ben, $"VERIFY {id} {code}");

        Assert.Contains("4 tries left", replies[0]);
        Assert.Contains("no longer be verified", replies[4]);
        Assert.Contains("no longer be verified", right);
        Assert.Equal("draft", await _t.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task AbortBySms_AuthorWithTheCodeFromTheDraftReply_Aborted()
    {
        var drafted = await _t.ReplyAsync(Ana, "ALERT napa Raid reported");
        var id = long.Parse(DraftPattern().Match(drafted).Groups[1].Value);

        var reply = await _t.ReplyAsync(Ana, $"ABORT {id} {AbortCode(drafted, id)}");

        Assert.StartsWith($"Alert #{id} aborted", reply);
        Assert.Equal("aborted", await _t.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task DraftBySms_AreaAndCountyBySlug_ReplyAndNoticeNameThemNeverTheSlug()
    {
        await _t.Seed.AreaAsync("north-bay", "nb-american-canyon", "American Canyon", ["94503"]);
        await _t.Seed.AreaAsync("north-bay", "nb-vallejo", "Vallejo", ["94590", "94591"]);

        var area = await _t.ReplyAsync(Ana, "ALERT nb-american-canyon Raid reported");
        var county = await _t.ReplyAsync(Ana, "ALERT napa Raid reported");
        var notInAnyArea = await _t.ReplyAsync(Ana, "ALERT solano Raid reported");
        var areaId = long.Parse(DraftPattern().Match(area).Groups[1].Value);
        await ConfirmAsync(area, areaId);
        await ConfirmAsync(county, long.Parse(DraftPattern().Match(county).Groups[1].Value));
        var notices = await Eventually.HoldsAsync(
            () => Task.FromResult(_t.Twilio.Accepted.Where(m => m.To == Ben).Select(m => m.Body).ToList()), m => m.Count == 2, "Ben's two notices");

        Assert.StartsWith($"Draft #{areaId} for American Canyon:", area);
        Assert.Contains("for Napa County:", county);
        Assert.Contains("name its areas (Vallejo)", notInAnyArea);
        Assert.Single(notices, n => n.Contains("alert #" + areaId + " for American Canyon."));
        Assert.Single(notices, n => n.Contains(" for Napa County."));
        Assert.All(notices.Append(area).Append(county).Append(notInAnyArea), t => Assert.DoesNotMatch(@"nb-|\bnapa\b", t));
    }

    private async Task<long> DraftConfirmedAsync(string alert)
    {
        var drafted = await _t.ReplyAsync(Ana, alert);
        var id = long.Parse(DraftPattern().Match(drafted).Groups[1].Value);
        await ConfirmAsync(drafted, id);
        return id;
    }

    /// <summary>By text a draft is held until its author confirms it with the code of the draft reply.</summary>
    private async Task ConfirmAsync(string drafted, long id) =>
        Assert.StartsWith($"Draft #{id} confirmed", await _t.ReplyAsync(Ana, $"CONFIRM {id} {Regex.Match(drafted, $@"CONFIRM {id} (\d{{6}})").Groups[1].Value}"));

    private static string CodeIn(string notice, long id) => Regex.Match(notice, $@"VERIFY {id} (\d{{6}})").Groups[1].Value;

    private static string AbortCode(string drafted, long id) => Regex.Match(drafted, $@"ABORT {id} (\d{{6}})").Groups[1].Value;

    [GeneratedRegex(@"^Draft #(\d+) ")]
    private static partial Regex DraftPattern();
}
