using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Broadcaster.Operators;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// The provider fails the way real ones do (gateway errors with HTML, empty or JSON bodies, no answer, dropped or
/// refused connections) for a while, then recovers: once it answers again, the sender sends within its breaker's
/// pause plus one probe, and everyone gets the alert once.
/// </summary>
public sealed class ProviderOutageTests() : SmsBroadcastTestbed("los-angeles")
{
    private static readonly TimeSpan BreakerPause = TimeSpan.FromSeconds(2);
    // The breaker's pause, its probe, and the rest of the 20 messages at 20/s, with room for a loaded machine.
    private static readonly TimeSpan AfterRecovery = BreakerPause + TimeSpan.FromSeconds(5);
    // The Twilio client's own timeout (SmsSetup): a request that went out into a hung gateway ends only then.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    // The defect: after a minute of HTML 500s the breaker opened and the sender sent nothing more (or, once the
    // rows' own backoff had grown over the outage, only long after the provider was back).
    [Fact]
    public async Task Broadcast_ProviderAnswersHtml500ForAMinute_EveryoneGetsItWithinBreakerPauseOfRecovery()
    {
        _fake.FailFor(TimeSpan.FromSeconds(60), TwilioReply.Gateway(500, TwilioBody.Html));
        var log = new LogLines("Broadcaster.Delivery.SenderLoop");
        string? during = null;

        await BroadcastThroughOutageAsync(TimeSpan.FromSeconds(60), AfterRecovery, log, async app =>
        {
            var key = (await app.Get<OperatorStore>().AddAsync("Ops")).Key;
            // The outage starts at the first request, which a loaded machine may take a while to make: wait for the
            // whole outage from then, not 60 s from now.
            await Eventually.HoldsAsync(() => Task.FromResult(_fake.Answers.Count), n => n > 0, "the first request", seconds: 180);
            during = await Eventually.HoldsAsync(() => MetricsAsync(app, key), m => BreakerOpen(m) == 1 && NextProbe(m) > 0, "the breaker open in /metrics");
            return key;
        }, async (app, key) =>
        {
            var after = await Eventually.HoldsAsync(() => MetricsAsync(app, key), m => BreakerOpen(m) == 0, "the breaker closed in /metrics");
            Assert.Equal(0, NextProbe(after));
        });

        Assert.True(NextProbe(during!) <= BreakerPause.TotalSeconds + 0.5, during);
        Assert.Equal(1, log.Count("circuit breaker open after"));
        Assert.Equal(1, log.Count("circuit breaker closed"));
        var probes = log.Count("one message probes");
        Assert.InRange(probes, 2, 60 / BreakerPause.TotalSeconds + 2);
        Assert.Equal(probes - 1, log.Count("circuit breaker open again"));
    }

    private static async Task<string> MetricsAsync(TestApp app, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await app.Http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static double BreakerOpen(string metrics) => Gauge(metrics, "broadcaster_sender_breaker_open");

    private static double NextProbe(string metrics) => Gauge(metrics, "broadcaster_sender_breaker_next_probe_seconds");

    private static double Gauge(string metrics, string name) =>
        Regex.Match(metrics, $@"(?m)^{name}\{{[^}}]*sender=""sms""[^}}]*\}} (\S+)") is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    [Theory]
    [InlineData(500, TwilioBody.Html)]
    [InlineData(500, TwilioBody.Empty)]
    [InlineData(500, TwilioBody.Json)]
    [InlineData(502, TwilioBody.Html)]
    [InlineData(502, TwilioBody.Empty)]
    [InlineData(502, TwilioBody.Json)]
    [InlineData(503, TwilioBody.Html)]
    [InlineData(503, TwilioBody.Empty)]
    [InlineData(503, TwilioBody.Json)]
    public async Task Broadcast_GatewayErrorsForAWhile_EveryoneGetsItWithinBreakerPauseOfRecovery(int status, TwilioBody body)
    {
        _fake.FailFor(TimeSpan.FromSeconds(8), TwilioReply.Gateway(status, body));
        await BroadcastThroughOutageAsync(TimeSpan.FromSeconds(8), AfterRecovery);
    }

    [Fact]
    public async Task Broadcast_ConnectionsResetForAWhile_EveryoneGetsItWithinBreakerPauseOfRecovery()
    {
        _fake.FailFor(TimeSpan.FromSeconds(8), TwilioReply.Reset);
        await BroadcastThroughOutageAsync(TimeSpan.FromSeconds(8), AfterRecovery);
    }

    [Fact]
    public async Task Broadcast_ConnectionsRefusedForAWhile_EveryoneGetsItWithinBreakerPauseOfRecovery()
    {
        // From the first request on (the service takes a while to start): the ones on their way are cut off too.
        await BroadcastThroughOutageAsync(TimeSpan.FromSeconds(8), AfterRecovery, whileDown: async _ =>
        {
            await Eventually.HoldsAsync(() => Task.FromResult(_fake.Answers.Count), n => n > 0, "the first request");
            await _fake.RefuseForAsync(TimeSpan.FromSeconds(8));
            return "";
        });
    }

    // A request sent into the hung gateway just before it recovered still waits out the client's timeout: that
    // request is the probe (or holds the sends that would have tripped the breaker), so it adds to the bound.
    [Fact]
    public async Task Broadcast_ProviderNeverAnswersForAWhile_EveryoneGetsItWithinTimeoutAndBreakerPauseOfRecovery()
    {
        _fake.FailFor(TimeSpan.FromSeconds(8), TwilioReply.Hang);
        await BroadcastThroughOutageAsync(TimeSpan.FromSeconds(8), ClientTimeout + AfterRecovery);
    }

    private async Task BroadcastThroughOutageAsync(TimeSpan outage, TimeSpan bound, LogLines? log = null,
        Func<TestApp, Task<string>>? whileDown = null, Func<TestApp, string, Task>? afterwards = null)
    {
        var numbers = await _seed.SmsSubscribersAsync(20, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 20, extra: new Dictionary<string, string?>
        {
            ["Delivery:BreakerPause"] = BreakerPause.ToString("c"),
            ["Logging:LogLevel:Broadcaster.Delivery.SenderLoop"] = "Information",
        }, overrides: log is null ? null : s => s.AddSingleton<ILoggerProvider>(log));

        app.Verify(alert);
        var state = whileDown is null ? null : await whileDown(app);
        try
        {
            await _db.CompletedAsync(alert, seconds: (int)(outage + bound).TotalSeconds + 60);
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}; the fake's answers: {Timeline()}", e);
        }
        if (afterwards is not null)
            await afterwards(app, state!);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal(numbers, received.Keys.Order());
        Assert.All(received.Values, bodies => Assert.Single(bodies));
        Assert.Equal([("sent", 20L)], await _db.StatusCountsAsync(alert));
        var recovered = Assert.NotNull(_fake.RecoveredAt);
        var last = _fake.Answers.Where(a => a.Status == 201 && a.To != AuthorPhone).Max(a => a.At);
        var after = TimeSpan.FromSeconds((double)(last - recovered) / Stopwatch.Frequency);
        Assert.True(after <= bound, $"the last message went {after.TotalSeconds:0.0} s after the provider recovered (at most {bound.TotalSeconds} s): {Timeline()}");
    }

    // Seconds from the first request, and status: what a reader needs when the bound is missed.
    private string Timeline()
    {
        var answers = _fake.Answers.ToList();
        var zero = answers.Count > 0 ? answers.Min(a => a.At) : 0;
        var recovered = _fake.RecoveredAt is { } r ? $"recovered at {(double)(r - zero) / Stopwatch.Frequency:0.00}; " : "";
        return recovered + string.Join(" ", answers.Select(a => $"{(double)(a.At - zero) / Stopwatch.Frequency:0.00}:{a.Status}"));
    }
}
