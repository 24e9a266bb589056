using System.Globalization;
using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Delivery;

/// <summary>A full service (Hangfire servers included) sending through the real Twilio SDK to a <see cref="FakeTwilio"/>.</summary>
internal static class DeliveryHost
{
    public static Task<TestApp> StartAsync(TestDatabase db, FakeTwilio fake, double messagesPerSecond = 100, string role = "all",
        IDictionary<string, string?>? extra = null, Action<IServiceCollection>? overrides = null)
    {
        var settings = fake.Settings;
        settings["Twilio:MessagesPerSecond"] = messagesPerSecond.ToString(CultureInfo.InvariantCulture);
        settings["Delivery:RetryBaseDelay"] = "00:00:00.200";
        settings["Broadcaster:Role"] = role;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        return TestApp.StartAsync(db, settings, overrides);
    }

    /// <summary>What verify does: the planning job, through Hangfire.</summary>
    public static void Verify(this TestApp app, long alertId) =>
        app.Get<IBackgroundJobClient>().Enqueue<BroadcastJob>(j => j.PlanAsync(alertId));

    /// <summary>Waits until the alert is closed (nothing pending or sending, counts final).</summary>
    public static Task CompletedAsync(this TestDatabase db, long alertId, int seconds = 60) =>
        Eventually.HoldsAsync(
            () => db.ScalarAsync<bool>("SELECT completed_at IS NOT NULL FROM alerts WHERE id = @alertId", new { alertId }),
            done => done, $"alert {alertId} completed", seconds);

    public static Task<List<(string Status, long Count)>> StatusCountsAsync(this TestDatabase db, long alertId) =>
        db.QueryAsync<(string, long)>("SELECT status, count(*) FROM deliveries WHERE alert_id = @alertId GROUP BY status ORDER BY status", new { alertId });

    /// <summary>Accepted messages to subscribers, by number (the author's summary excluded).</summary>
    public static Dictionary<string, List<string>> ByRecipient(this FakeTwilio fake, string? except = null) =>
        fake.Accepted.Where(m => m.To != except).GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Select(m => m.Body).ToList());
}
