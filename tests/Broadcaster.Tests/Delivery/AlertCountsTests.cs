using System.Net.Http.Headers;
using System.Text.Json;
using Broadcaster.Delivery;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Delivery;

/// <summary>What a coordinator watching an alert sees: counts that never go back, and a final report that adds up.</summary>
public sealed class AlertCountsTests() : SmsBroadcastTestbed("los-angeles")
{
    private sealed record Counts(string Status, int Pending, int Sent, int Delivered, int Failed, int Skipped)
    {
        public int Total => Pending + Sent + Delivered + Failed + Skipped;
        public int HandedOver => Sent + Delivered + Failed;
    }

    [Fact]
    public async Task Broadcast_TenStopAfterTheirMessageAndKeepLessRunsMidway_CountsNeverGoBackAndAddUp()
    {
        const int planned = 60;
        await _seed.SmsSubscribersAsync(planned, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        var (_, key) = await _seed.CoordinatorAsync("socal", "Luis");
        // At 5/s the 60 take 12 s: the ten stop, and their rows are deleted, long before the last is sent.
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        app.Verify(alert);
        await Eventually.HoldsAsync(() => GetAsync(http, alert), c => c.Status == "sending", "the alert planned");

        using var stopPolling = new CancellationTokenSource();
        var polls = PollAsync(http, alert, stopPolling.Token);
        var sentTo = await Eventually.HoldsAsync(
            () => _db.QueryAsync<long>("SELECT subscriber_id FROM deliveries WHERE alert_id = @alert AND status = 'sent' ORDER BY subscriber_id", new { alert }),
            ids => ids.Count >= 10, "ten messages sent");
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
            await SubscriberStore.StopAsync(conn, null, sentTo.Take(10).ToArray(), DateTimeOffset.UtcNow);
        // KeepLess waits for a row to settle; its clock is moved on past that instead of the test waiting minutes.
        var keepLess = ActivatorUtilities.CreateInstance<KeepLessJob>(app.Services, new ShiftedClock(KeepLessJob.Settle + TimeSpan.FromMinutes(1)));
        await keepLess.RunAsync(CancellationToken.None);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE alert_id = @alert AND subscriber_id = ANY (@ids)",
            new { alert, ids = sentTo.Take(10).ToArray() }));
        Assert.True(await _db.ScalarAsync<bool>("SELECT completed_at IS NULL FROM alerts WHERE id = @alert", new { alert }),
            "the alert completed before KeepLess ran: the test did not look at an alert in flight");

        await _db.CompletedAsync(alert, seconds: 90);
        await stopPolling.CancelAsync();
        var seen = await polls;
        var final = await GetAsync(http, alert);

        Assert.True(seen.Count > 5, $"only {seen.Count} polls during the run");
        Assert.All(seen, c => Assert.Equal(planned, c.Total));
        foreach (var (before, after) in seen.Zip(seen.Skip(1)))
        {
            Assert.True(after.Sent >= before.Sent, $"sent went down: {before} then {after}");
            Assert.True(after.HandedOver >= before.HandedOver, $"handed over went down: {before} then {after}");
            Assert.True(after.Pending <= before.Pending, $"pending went up: {before} then {after}");
        }
        Assert.Equal(new Counts("sent", 0, planned, 0, 0, 0), final);
        Assert.Equal([(planned, 0, 0, 0)], await _db.QueryAsync<(int, int, int, int)>(
            "SELECT count_sent, count_delivered, count_failed, count_skipped FROM alerts WHERE id = @alert", new { alert }));
    }

    private static async Task<List<Counts>> PollAsync(HttpClient http, long alert, CancellationToken ct)
    {
        var seen = new List<Counts>();
        while (!ct.IsCancellationRequested)
        {
            seen.Add(await GetAsync(http, alert));
            await Task.Delay(100, CancellationToken.None);
        }
        return seen;
    }

    private static async Task<Counts> GetAsync(HttpClient http, long alert)
    {
        using var response = await http.GetAsync($"/api/alerts/{alert}");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var c = body.RootElement.GetProperty("counts");
        return new(body.RootElement.GetProperty("status").GetString()!, c.GetProperty("pending").GetInt32(), c.GetProperty("sent").GetInt32(),
            c.GetProperty("delivered").GetInt32(), c.GetProperty("failed").GetInt32(), c.GetProperty("skipped").GetInt32());
    }
}
