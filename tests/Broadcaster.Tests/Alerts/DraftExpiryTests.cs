using System.Net;
using Broadcaster.Alerts;
using Broadcaster.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.Alerts;

public sealed class DraftExpiryTests : IAsyncLifetime
{
    private AlertWorld _w = null!;

    public async Task InitializeAsync() => _w = await AlertWorld.StartAsync(new Dictionary<string, string?> { ["Broadcaster:DraftTtl"] = "00:30:00" });

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Draft_ExpiresAt_CreatedPlusDraftTtl()
    {
        var id = await DraftAsync(_w.Ana);

        var alert = await JsonAsync(await _w.Ana.Http.GetAsync($"/api/alerts/{id}"));

        Assert.Equal(TimeSpan.FromMinutes(30), alert.GetProperty("expiresAt").GetDateTimeOffset() - alert.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Verify_AfterExpiryBeforeTheSweepRan_409AndExpired()
    {
        var id = await DraftAsync(_w.Ana);
        await Overdue(id);

        var response = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("expired", (await JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal("expired", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(0, await _w.BroadcastJobsAsync(id));
        Assert.Equal(1, await _w.AuditAsync(id, "expired"));
    }

    [Fact]
    public async Task ExpiryJob_Triggered_ExpiresOnlyOverdueDraftsOnceEach()
    {
        var overdue = await DraftAsync(_w.Ana);
        var fresh = await DraftAsync(_w.Ana);
        await Overdue(overdue);

        _w.App.Get<IRecurringJobManagerV2>().TriggerJob(DraftExpiryJob.RecurringId);
        await Eventually.HoldsAsync(
            () => _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @overdue", new { overdue }), s => s == "expired", "overdue draft expired");
        await _w.App.Get<DraftExpiryJob>().RunAsync(); // a second run changes nothing

        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @fresh", new { fresh }));
        Assert.Equal(1, await _w.AuditAsync(overdue, "expired"));
        Assert.Equal(0, await _w.AuditAsync(fresh, "expired"));
        Assert.True(await _w.Db.ScalarAsync<bool>(
            "SELECT coordinator_id IS NULL AND detail IS NULL FROM audit_log WHERE alert_id = @overdue AND action = 'expired'", new { overdue }));
    }

    [Fact]
    public void ExpiryJob_AtStartUp_RecurringEveryMinuteOnDefaultQueue()
    {
        using var connection = _w.App.Get<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == DraftExpiryJob.RecurringId);

        Assert.Equal(Cron.Minutely(), job.Cron);
        Assert.Equal(typeof(DraftExpiryJob), job.Job.Type);
        Assert.Equal("default", job.Queue);
    }

    [Fact]
    public async Task ExpiredDraft_ListedAndShownAsExpired()
    {
        var id = await DraftAsync(_w.Ana);
        await Overdue(id);

        var shown = await JsonAsync(await _w.Ana.Http.GetAsync($"/api/alerts/{id}"));
        var expired = await JsonAsync(await _w.Ana.Http.GetAsync("/api/alerts?status=expired"));
        var drafts = await JsonAsync(await _w.Ana.Http.GetAsync("/api/alerts?status=draft"));

        Assert.Equal("expired", shown.GetProperty("status").GetString());
        Assert.Single(expired.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
        Assert.Empty(drafts.GetProperty("alerts").EnumerateArray());
    }

    private Task Overdue(long id) =>
        _w.Db.ExecuteAsync("UPDATE alerts SET expires_at = now() - interval '1 minute' WHERE id = @id", new { id });
}
