using System.Text.RegularExpressions;
using Broadcaster.Coordinators;
using Broadcaster.Tests.Alerts;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Coordinators;

public sealed partial class CoordinatorCommandsTests : IAsyncLifetime
{
    private FakeTwilio _twilio = null!;
    private AlertWorld _w = null!;
    private ICoordinatorCommands _commands = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _w = await AlertWorld.StartAsync(_twilio.Settings);
        _commands = _w.App.Get<ICoordinatorCommands>();
    }

    public async Task DisposeAsync()
    {
        await _w.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    // The command rules themselves, as from a channel that proves the sender (Telegram); SMS codes: CoordinatorSmsTests.
    private Task<string?> Say(AlertWorld.Member who, string text) => _commands.TryHandleFromVerifiedSenderAsync(who.Coordinator, text, CancellationToken.None);

    [Fact]
    public async Task AlertThenVerify_TwoCoordinatorsByText_VerifiedWithOneBroadcastJob()
    {
        await _w.AddSubscribersAsync("napa", "sms", "en", 3);
        await _w.AddSubscribersAsync("napa", "telegram", "es", 1);

        var drafted = await Say(_w.Ana, "ALERT napa ICE checkpoint at 1st and Main ES: Retén de ICE en 1st y Main");
        var id = DraftId(drafted);
        var verified = await Say(_w.Ben, $"VERIFY {id}");

        Assert.Contains("4 recipients (3 SMS, 1 Telegram)", drafted);
        Assert.Contains($"VERIFY {id}", drafted);
        Assert.Contains($"Alert #{id} verified", verified);
        Assert.Equal(1, await _w.BroadcastJobsAsync(id));
        var texts = await _w.Db.ScalarAsync<string>("SELECT texts::text FROM alerts WHERE id = @id", new { id });
        Assert.Equal("""{"en": "ICE checkpoint at 1st and Main", "es": "Retén de ICE en 1st y Main"}""", texts);
        Assert.Equal(new[] { "napa" }, await _w.Db.ScalarAsync<string[]>("SELECT ARRAY(SELECT a.slug FROM areas a WHERE a.id = ANY (alerts.areas)) FROM alerts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Alert_Drafted_OtherCoordinatorsOfTheNetworkAskedToVerifyBySms()
    {
        var dee = await _w.AddCoordinatorAsync("north-bay", "Dee", null, 2002); // Telegram only

        var id = DraftId(await Say(_w.Ana, "ALERT Sonoma Raid reported near the fairgrounds"));

        var notice = await Eventually.HoldsAsync(() => Task.FromResult(_twilio.Accepted.ToList()), a => a.Count >= 1, "Ben's SMS");
        var (_, to, body) = Assert.Single(notice);
        Assert.Equal("+17075550122", to); // Ben: not Ana (the author), not Cruz (another network)
        Assert.Contains($"VERIFY {id}", body);
        Assert.Contains("Raid reported near the fairgrounds", body);
        Assert.Contains("Ana", body);
        // One job per coordinator and channel, carrying ids only: Ben by SMS, Dee by Telegram.
        var jobs = await _w.Db.QueryAsync<string>(
            "SELECT arguments::text FROM hangfire.job WHERE invocationdata::text LIKE '%DraftNotificationJob%' ORDER BY id");
        Assert.Equal(2, jobs.Count);
        Assert.Contains(jobs, a => a.Contains($"\"{_w.Ben.Coordinator.Id}\"") && a.Contains("sms"));
        Assert.Contains(jobs, a => a.Contains($"\"{dee.Coordinator.Id}\"") && a.Contains("telegram"));
        Assert.All(jobs, a => Assert.DoesNotContain("555", a));
        Assert.All(jobs, a => Assert.DoesNotContain("fairgrounds", a));
        var queues = await _w.Db.QueryAsync<string>("""
            SELECT s.data::jsonb ->> 'Queue' FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Enqueued' AND j.invocationdata::text LIKE '%DraftNotificationJob%'
            """);
        Assert.Equal(new[] { "critical", "critical" }, queues);
    }

    [Fact]
    public async Task Notice_DraftAlreadyDecided_NotSent()
    {
        var live = DraftId(await Say(_w.Ana, "ALERT napa Raid at Main"));
        var decided = DraftId(await Say(_w.Ana, "ALERT napa Raid at Oak"));
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'aborted' WHERE id = @decided", new { decided });
        var eve = await _w.AddCoordinatorAsync("north-bay", "Eve", "+17075550144", null); // joined after both: nothing queued for her
        var job = _w.App.Get<DraftNotificationJob>();

        await job.NotifyAsync(decided, eve.Coordinator.Id, "sms", CancellationToken.None);
        await job.NotifyAsync(live, eve.Coordinator.Id, "sms", CancellationToken.None);

        var toEve = Assert.Single(_twilio.Accepted, m => m.To == "+17075550144");
        Assert.Contains($"VERIFY {live}", toEve.Body);
    }

    [Theory]
    [InlineData("ALERT San Diego ICE at the trolley station", "San Diego County")]
    [InlineData("/alert san-diego ICE at the trolley station", "San Diego County")]
    [InlineData("alert 92101 ICE at the trolley station", "San Diego County")]
    public async Task Alert_MultiWordCountySlugOrZip_Drafted(string text, string county)
    {
        var reply = await Say(_w.Cruz, text);

        Assert.Contains($"for {county}:", reply);
        var id = DraftId(reply);
        Assert.Equal("""{"en": "ICE at the trolley station"}""", await _w.Db.ScalarAsync<string>("SELECT texts::text FROM alerts WHERE id = @id", new { id }));
        Assert.Contains("No ES text", reply);
    }

    [Theory]
    [InlineData("ALERT atlantis Raid", "Unknown area or county 'atlantis'")]
    [InlineData("ALERT san-diego Raid", "not served by your network")]
    [InlineData("ALERT napa", "What should the alert say?")]
    [InlineData("ALERT", "Usage: ALERT <area or county>")]
    [InlineData("ALERT napa Raid ES:", "empty")]
    [InlineData("VERIFY", "Usage: VERIFY <alert id>")]
    [InlineData("verify twelve", "Usage: VERIFY <alert id>")]
    [InlineData("ABORT 999999", "no alert #999999")]
    [InlineData("STATUS 0", "Usage: STATUS <alert id>")]
    public async Task Command_Mistaken_PoliteReplyAndNothingWritten(string text, string expected)
    {
        var reply = await Say(_w.Ana, text);

        Assert.Contains(expected, reply, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    [Fact]
    public async Task Alert_OverTenSegments_RefusedAndNothingWritten()
    {
        var reply = await Say(_w.Ana, "ALERT napa " + new string('a', 1600));

        Assert.Contains("too long", reply);
        Assert.Equal(0, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    [Fact]
    public async Task Verify_ByAuthorOrOtherNetwork_RefusedAndStillDraft()
    {
        var id = DraftId(await Say(_w.Ana, "ALERT napa Raid at Main"));

        var own = await Say(_w.Ana, $"VERIFY {id}");
        var foreign = await Say(_w.Cruz, $"/verify {id}");
        var foreignAbort = await Say(_w.Cruz, $"ABORT {id}");
        var foreignStatus = await Say(_w.Cruz, $"STATUS {id}");

        Assert.Contains("second coordinator", own);
        Assert.All(new[] { foreign, foreignAbort, foreignStatus }, r => Assert.Contains("another network", r));
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(0, await _w.BroadcastJobsAsync(id));
    }

    [Fact]
    public async Task StatusAndAbort_OwnNetwork_ReportAndStop()
    {
        var id = DraftId(await Say(_w.Ana, "ALERT napa Raid at Main"));

        var status = await Say(_w.Ben, $"status #{id}");
        var abort = await Say(_w.Ben, $"/abort@NorthBayBot {id}");
        var verify = await Say(_w.Ben, $"VERIFY {id}");

        Assert.StartsWith($"Alert #{id}: draft. Pending 0, reached 0", status);
        Assert.StartsWith($"Alert #{id} aborted", abort);
        Assert.Contains("aborted", verify);
        Assert.Equal("aborted", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("CANCEL 12")]
    [InlineData("JOIN napa")]
    [InlineData("hello")]
    [InlineData("ALERTS")]
    [InlineData("/start napa")]
    [InlineData("")]
    public async Task NotACommand_Null_SoTheKeywordHandlingAnswers(string text)
    {
        Assert.Null(await Say(_w.Ana, text));
        Assert.Equal(0, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    private static long DraftId(string? reply)
    {
        var match = DraftPattern().Match(reply ?? "");
        Assert.True(match.Success, $"not a draft reply: {reply}");
        return long.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@"^Draft #(\d+) ")]
    private static partial Regex DraftPattern();
}
