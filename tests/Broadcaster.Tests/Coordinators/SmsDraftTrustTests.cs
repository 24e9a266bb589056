using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Coordinators;

/// <summary>
/// Caller ID can be forged. A text "from Ana" proves nothing; what reaches Ana's real phone (the TwiML reply, a
/// notice) cannot be read by the forger. So ALERT by text only holds a draft until its author confirms it with
/// the code of the reply, and a wrong code counts only against the phone that sent it.
/// </summary>
public sealed partial class SmsDraftTrustTests : IAsyncLifetime
{
    private const string Ana = "+17075550111";
    private const string Ben = "+17075550122";
    private const string Cy = "+17075550133";
    private const string Dee = "+12135550144";

    private SmsTestbed _t = null!;
    private string _benKey = null!;

    public async Task InitializeAsync()
    {
        _t = await SmsTestbed.StartAsync();
        await _t.Seed.CoordinatorAsync("north-bay", "Ana", Ana);
        _benKey = (await _t.Seed.CoordinatorAsync("north-bay", "Ben", Ben)).ApiKey;
        await _t.Seed.CoordinatorAsync("north-bay", "Cy", Cy);
        await _t.Seed.CoordinatorAsync("la-rrn", "Dee", Dee);
        await _t.Seed.SubscriberAsync("sms", "+17075550150", "en", "napa");
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task<HttpStatusCode> ApiVerifyAsync(long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/verify");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _benKey);
        return (await _t.App.Http.SendAsync(request)).StatusCode;
    }

    private async Task<string> ApiDraftsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts?status=draft");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _benKey);
        return await (await _t.App.Http.SendAsync(request)).Content.ReadAsStringAsync();
    }

    private Task<long> NoticeJobsAsync(long id) => _t.Db.ScalarAsync<long>(
        "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%DraftNotificationJob%' AND arguments::jsonb ->> 0 = @id", new { id = id.ToString() });

    private async Task<(long Id, string Code)> DraftAsync()
    {
        var drafted = await _t.ReplyAsync(Ana, "ALERT napa Raid reported at 1st and Main");
        var id = long.Parse(Regex.Match(drafted, @"^Draft #(\d+) ").Groups[1].Value);
        return (id, Regex.Match(drafted, $@"CONFIRM {id} (\d{{6}})").Groups[1].Value);
    }

    private async Task<string> ConfirmedAsync()
    {
        var (id, code) = await DraftAsync();
        Assert.StartsWith($"Draft #{id} confirmed", await _t.ReplyAsync(Ana, $"CONFIRM {id} {code}"));
        return id.ToString();
    }

    private async Task<string> NoticeCodeAsync(string phone, long id)
    {
        var notice = await Eventually.HoldsAsync(
            () => Task.FromResult(_t.Twilio.Accepted.Where(m => m.To == phone).ToList()), m => m.Count == 1, $"{phone} asked to verify");
        return Regex.Match(notice[0].Body, $@"VERIFY {id} (\d{{6}})").Groups[1].Value;
    }

    [Fact]
    public async Task ForgedAlert_NotifiesNobodyAndCannotBeVerified_UntilTheAuthorConfirms()
    {
        // Whoever forged Ana's number never sees this reply: it goes to Ana's phone.
        var (id, code) = await DraftAsync();

        Assert.Matches(@"^\d{6}$", code);
        Assert.Equal(0, await NoticeJobsAsync(id));
        Assert.DoesNotContain($"\"id\":{id},", await ApiDraftsAsync());
        Assert.Equal(HttpStatusCode.Conflict, await ApiVerifyAsync(id));
        Assert.Contains("Wrong code", await _t.ReplyAsync(Ana, $"CONFIRM {id} {(code == "111111" ? "222222" : "111111")}"));
        Assert.Contains("needs the code", await _t.ReplyAsync(Ana, $"CONFIRM {id}"));
        Assert.Equal(0, await NoticeJobsAsync(id));
        Assert.DoesNotContain(_t.Twilio.Accepted, m => m.To is Ben or Cy);

        var confirmed = await _t.ReplyAsync(Ana, $"CONFIRM {id} {code}");

        Assert.StartsWith($"Draft #{id} confirmed", confirmed);
        Assert.NotEmpty(await NoticeCodeAsync(Ben, id));
        Assert.Contains($"\"id\":{id},", await ApiDraftsAsync());
        Assert.Equal(HttpStatusCode.OK, await ApiVerifyAsync(id));
    }

    [Fact]
    public async Task Confirm_ByAnotherCoordinatorEvenWithTheirCode_Refused()
    {
        var (id, _) = await DraftAsync();

        var reply = await _t.ReplyAsync(Ben, $"CONFIRM {id} 123456");

        Assert.DoesNotContain("confirmed", reply);
        Assert.Equal(0, await NoticeJobsAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, await ApiVerifyAsync(id));
    }

    [Fact]
    public async Task WrongCodes_LockOnlyThePhoneThatSentThem_OthersStillVerify()
    {
        var id = long.Parse(await ConfirmedAsync());
        var benCode = await NoticeCodeAsync(Ben, id);
        var cyCode = await NoticeCodeAsync(Cy, id);
        var wrong = cyCode == "111111" ? "222222" : "111111";

        for (var i = 0; i < 5; i++)
            await _t.ReplyAsync(Cy, $"VERIFY {id} {wrong}");
        var cyLocked = await _t.ReplyAsync(Cy, $"VERIFY {id} {cyCode}");
        var benVerified = await _t.ReplyAsync(Ben, $"VERIFY {id} {benCode}");

        Assert.Contains("no longer be verified", cyLocked);
        Assert.StartsWith($"Alert #{id} verified", benVerified);
    }

    [Fact]
    public async Task Guesses_TwentyAtOnceAtOneSmsCode_FiveTriesThenEvenTheRightCodeIsRefused()
    {
        var (id, code) = await DraftAsync();
        var guesses = Enumerable.Range(1, 20).Select(i => ((int.Parse(code, CultureInfo.InvariantCulture) + i) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));

        // Twenty texts at once, as a forger with Ana's caller ID would send them: each is a webhook of its own.
        var replies = await Task.WhenAll(guesses.Select(g => Task.Run(() => _t.ReplyAsync(Ana, $"CONFIRM {id} {g}"))));
        var right = await _t.ReplyAsync(Ana, $"CONFIRM {id} {code}");

        // Five comparisons: four answered "wrong, n tries left" (each n once: the tries took turns), the fifth wrong one
        // "no longer", as is every try after it, which is refused without being compared.
        var left = replies.Select(r => Regex.Match(r, @"^Wrong code for alert #\d+; nothing done\. (\d) tr")).Where(m => m.Success).Select(m => m.Groups[1].Value);
        Assert.Equal(["1", "2", "3", "4"], left.Order());
        Assert.Equal(16, replies.Count(r => r.Contains("no longer be verified, confirmed or aborted")));
        Assert.Contains("no longer be verified, confirmed or aborted", right);
        Assert.Equal(0, await NoticeJobsAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, await ApiVerifyAsync(id));
    }

    [Fact]
    public async Task WrongCodes_FromAnotherNetwork_RefusedBeforeTheCode_AbortStillWorksForTheAuthor()
    {
        var drafted = await _t.ReplyAsync(Ana, "ALERT napa Raid reported at 1st and Main");
        var id = long.Parse(Regex.Match(drafted, @"^Draft #(\d+) ").Groups[1].Value);
        var code = Regex.Match(drafted, $@"ABORT {id} (\d{{6}})").Groups[1].Value;

        var replies = new List<string>();
        for (var i = 0; i < 6; i++)
            replies.Add(await _t.ReplyAsync(Dee, $"ABORT {id} 00000{i}"));
        var aborted = await _t.ReplyAsync(Ana, $"ABORT {id} {code}");

        Assert.All(replies, r => Assert.Contains("another network", r));
        Assert.StartsWith($"Alert #{id} aborted", aborted);
    }
}
