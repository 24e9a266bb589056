using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Hangfire;

namespace Broadcaster.Tests.Subscribers;

/// <summary>A join not confirmed within 24 hours lapses: it is erased, and YES says so.</summary>
public sealed class LapsedJoinsTests : IAsyncLifetime
{
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private Task AgeAsync(string county, TimeSpan age) => _t.Db.ExecuteAsync(
        "UPDATE subscriptions s SET created_at = now() - @age FROM areas a WHERE a.id = s.area_id AND a.slug = @county", new { county, age });

    [Fact]
    public async Task Yes_After24Hours_SaysItLapsedAndErasesTheNumber()
    {
        const string ana = "+12135550102";
        await _t.ReplyAsync(ana, "JOIN LA");
        await AgeAsync("los-angeles", TimeSpan.FromHours(25));

        var reply = await _t.ReplyAsync(ana, "YES");

        Assert.Equal("Your request to join expired: we wait 24 hours for YES. Reply JOIN + your county or ZIP code to start again.", reply);
        Assert.Null(await _t.StatusAsync(ana));
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Join_AfterEarlierJoinLapsed_OnlyTheNewCountyIsConfirmed()
    {
        const string ana = "+12135550103";
        await _t.ReplyAsync(ana, "UNIRME LA");
        await AgeAsync("los-angeles", TimeSpan.FromHours(30));

        await _t.ReplyAsync(ana, "UNIRME Napa");
        var welcome = await _t.ReplyAsync(ana, "SÍ");

        Assert.StartsWith($"{SmsTestbed.NorthBay}: Le enviaremos alertas del condado de Napa.", welcome);
        Assert.Equal("napa:active", await _t.CountiesAsync(ana));
    }

    [Fact]
    public async Task LapsedJoinsJob_TriggeredThroughHangfire_ErasesOnlyLapsedPendingJoins()
    {
        const string lapsed = "+12135550104", fresh = "+12135550105", active = "+12135550106", renewed = "+12135550107";
        await _t.ReplyAsync(lapsed, "JOIN LA");
        await _t.ReplyAsync(fresh, "JOIN Napa");
        await _t.ReplyAsync(active, "JOIN Orange");
        await _t.ReplyAsync(active, "YES");
        await _t.ReplyAsync(renewed, "JOIN Sonoma");
        await AgeAsync("los-angeles", TimeSpan.FromHours(25));
        await AgeAsync("orange", TimeSpan.FromDays(30));
        await AgeAsync("sonoma", TimeSpan.FromHours(25));
        await _t.ReplyAsync(renewed, "JOIN Sonoma");

        ((IRecurringJobManagerV2)_t.App.Get<IRecurringJobManager>()).TriggerJob(LapsedJoinsJob.RecurringId);

        // The probe carries Hangfire's job states, so a job that failed or never ran says so in the failure message.
        await Eventually.HoldsAsync(
            async () => (Status: await _t.StatusAsync(lapsed), Jobs: string.Join(", ", await _t.Db.QueryAsync<string>(
                "SELECT j.statename || ':' || coalesce(s.reason, '') FROM hangfire.job j LEFT JOIN hangfire.state s ON s.id = j.stateid"))),
            r => r.Status is null, "the lapsed join is erased");
        Assert.Equal("napa:pending", await _t.CountiesAsync(fresh));
        Assert.Equal("orange:active", await _t.CountiesAsync(active));
        Assert.Equal("sonoma:pending", await _t.CountiesAsync(renewed));
        Assert.Equal(3, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
        Assert.Equal(3, await _t.SubscriberRowsAsync());

        await _t.App.Get<LapsedJoinsJob>().RunAsync();

        Assert.Equal(3, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task LapsedJoinsJob_Registered_RecurringInDefaultQueue()
    {
        using var connection = _t.App.Get<JobStorage>().GetConnection();

        var job = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection, [LapsedJoinsJob.RecurringId]).Single();

        Assert.Equal("default", job.Queue);
        Assert.Equal(nameof(LapsedJoinsJob.RunAsync), job.Job.Method.Name);
    }
}
