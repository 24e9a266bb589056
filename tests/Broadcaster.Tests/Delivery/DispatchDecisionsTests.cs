using Broadcaster.Channels;
using Broadcaster.Delivery;

namespace Broadcaster.Tests.Delivery;

/// <summary>The fan-out's pure decisions, without a database: priority, admission, what an answer means, backoff.</summary>
public sealed class DispatchDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static InFlight Alert(long id, string kind = "confirmed", long? replyTo = null, string status = "sending", double minutesAgo = 1) =>
        new(new AlertContent(id, 1, kind, replyTo, "RRN", new Dictionary<string, string> { ["en"] = "x" }), status, Now.AddMinutes(-minutesAgo));

    private static ClaimedDelivery Row(string subscriber = "active", bool address = true, string? original = null, int attempts = 1,
        bool originalMaybeSent = false) =>
        new(7, attempts, subscriber, address ? [1, 2] : null, address ? 1 : null, "en", original, originalMaybeSent) { AlertId = 3 };

    [Fact]
    public void ByPriority_RetractionFirstThenNewerBeforeOlder()
    {
        var sorted = DispatchDecisions.ByPriority([Alert(1, minutesAgo: 30), Alert(2, "retraction", 1, minutesAgo: 5), Alert(3, minutesAgo: 1), Alert(4, "update", 1, minutesAgo: 10)]);

        Assert.Equal([2L, 3, 4, 1], sorted.Select(a => a.Alert.Id));
    }

    public static TheoryData<string, string, bool, string?, bool, double, string?> Admissions => new()
    {
        // alert status, subscriber status, has address, original's status, original maybe sent, minutes since verified
        // -> final status (null: send)
        { "sending", "active", true, null, false, 1, null },
        { "aborted", "active", true, null, false, 1, "skipped" },
        { "sending", "stopped", false, null, false, 1, "skipped" },
        { "sending", "active", false, null, false, 1, "skipped" },
        { "sending", "missing", false, null, false, 1, "skipped" },
        { "sending", "active", true, "delivered", false, 1, null },
        { "sending", "active", true, "failed", false, 1, "skipped" },
        { "sending", "active", true, "skipped", false, 1, "skipped" },
        // Superseded after an answer that never came, or taken back from a killed worker: it may have reached them.
        { "sending", "active", true, "skipped", true, 1, null },
        { "sending", "active", true, "failed", true, 1, null },
        { "sending", "active", true, null, false, 7 * 60, "failed" },
    };

    [Theory]
    [MemberData(nameof(Admissions))]
    public void Admit_Table(string alertStatus, string subscriber, bool address, string? original, bool originalMaybeSent, double minutes, string? expected)
    {
        var alert = Alert(3, original is null ? "confirmed" : "update", original is null ? null : 1, alertStatus, minutes);

        var outcome = DispatchDecisions.Admit(Row(subscriber, address, original, originalMaybeSent: originalMaybeSent), alert, Now, TimeSpan.FromHours(6));

        Assert.Equal(expected, outcome?.Status);
    }

    public static TheoryData<SendResult, string, bool, bool> Answers => new()
    {
        // answer -> row status, subscriber stopped, counts towards the breaker (and the provider may have the message)
        { SendResult.Sent("SM1"), "sent", false, false },
        { new SendResult(SendOutcome.Failed, Error: "twilio 400/21211"), "failed", false, false },
        { new SendResult(SendOutcome.RecipientGone, Error: "twilio 400/21610"), "failed", true, false },
        { new SendResult(SendOutcome.RetryLater, Error: "twilio 500/20500"), "pending", false, true },
        { new SendResult(SendOutcome.RetryLater, Error: "connection: IOException"), "pending", false, true },
        { new SendResult(SendOutcome.RetryLater, Error: "twilio 429/20429", RetryAfter: TimeSpan.FromSeconds(3)), "pending", false, false },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Classify_Table(SendResult answer, string status, bool stop, bool outage)
    {
        var outcome = DispatchDecisions.Classify(Row(attempts: 50), answer, TimeSpan.FromSeconds(4));

        Assert.Equal((status, stop), (outcome.Status, outcome.StopSubscriber));
        Assert.Equal(outage, DispatchDecisions.IsOutage(answer));
        Assert.Equal(outage, outcome.MaybeSent);
        Assert.Equal(status == "pending" ? 4 : 0, outcome.RetryInSeconds);
    }

    [Theory]
    [InlineData(1, 0, 0.0, 1.0)]
    [InlineData(3, 0, 1.0, 12.0)]
    [InlineData(30, 0, 1.0, 900.0)]
    [InlineData(1, 100, 0.5, 110.0)]
    public void Backoff_Table(int attempts, int retryAfterSeconds, double random, double expectedSeconds)
    {
        var options = new DeliveryOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMinutes(10) };

        var delay = Backoff.Delay(attempts, TimeSpan.FromSeconds(retryAfterSeconds), options, random);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, 6);
    }

    private static readonly SendResult Sent = SendResult.Sent("SM1");
    private static readonly SendResult Html500 = new(SendOutcome.RetryLater, Error: "twilio 500/0");
    private static readonly SendResult TooMany = new(SendOutcome.RetryLater, Error: "twilio 429/20429", RetryAfter: TimeSpan.FromSeconds(3));
    private static readonly SendResult Invalid = new(SendOutcome.Failed, Error: "twilio 400/21211");

    public static TheoryData<bool, SendResult?, int, bool, BreakerStep, int> BreakerSteps => new()
    {
        // probe?, answer (null: not sent), failures before, stale (sent before the last transition) -> step, failures after (threshold 5)
        { false, Sent, 3, false, BreakerStep.None, 0 },
        { false, Html500, 4, true, BreakerStep.None, 4 },
        { false, Sent, 4, true, BreakerStep.None, 4 },
        { true, Html500, 0, true, BreakerStep.Reopen, 0 },
        { false, Invalid, 3, false, BreakerStep.None, 0 },
        { false, TooMany, 3, false, BreakerStep.None, 3 },
        { false, Html500, 0, false, BreakerStep.None, 1 },
        { false, Html500, 3, false, BreakerStep.None, 4 },
        { false, Html500, 4, false, BreakerStep.Open, 0 },
        { false, null, 4, false, BreakerStep.None, 4 },
        { true, Html500, 0, false, BreakerStep.Reopen, 0 },
        { true, Sent, 0, false, BreakerStep.Close, 0 },
        { true, Invalid, 0, false, BreakerStep.Close, 0 },
        { true, TooMany, 0, false, BreakerStep.Close, 0 },
        { true, null, 0, false, BreakerStep.GiveBackProbe, 0 },
    };

    [Theory]
    [MemberData(nameof(BreakerSteps))]
    public void Breaker_Table(bool probe, SendResult? answer, int failures, bool stale, BreakerStep step, int after)
    {
        Assert.Equal((step, after), DispatchDecisions.Breaker(probe, answer, failures, threshold: 5, stale));
    }

    [Fact]
    public void Breaker_AnySequenceOfFailures_EndsClosedOnceTheProviderAnswers()
    {
        // Whatever came before, a probe's answer closes it: the breaker has no state that waits for anything else.
        var random = new Random(7);
        for (var run = 0; run < 200; run++)
        {
            var (open, failures) = (false, 0);
            foreach (var _ in Enumerable.Range(0, random.Next(1, 40)))
            {
                var answer = random.Next(4) switch { 0 => Html500, 1 => TooMany, 2 => null, _ => Sent };
                (var step, failures) = DispatchDecisions.Breaker(open, answer, failures, 5);
                open = step is BreakerStep.Open or BreakerStep.Reopen || (open && step == BreakerStep.GiveBackProbe);
            }
            var (last, _) = DispatchDecisions.Breaker(open, Sent, failures, 5);
            Assert.Equal(open ? BreakerStep.Close : BreakerStep.None, last);
        }
    }

    [Theory]
    // attempts, answer, random -> seconds (base 2 s, at most 10 min; breaker pause 30 s)
    [InlineData(1, "500", 0.5, 2.0)]
    [InlineData(4, "500", 0.5, 16.0)]
    [InlineData(5, "500", 0.5, 30.0)]
    [InlineData(30, "500", 1.0, 30.0)]
    [InlineData(30, "429", 1.0, 900.0)]
    [InlineData(1, "429", 0.0, 3.0)]
    public void RetryIn_OutagesNeverWaitLongerThanTheBreakerPause(int attempts, string answer, double random, double expected)
    {
        var options = new DeliveryOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMinutes(10), BreakerPause = TimeSpan.FromSeconds(30) };

        var delay = DispatchDecisions.RetryIn(attempts, answer == "500" ? Html500 : TooMany, options, random);

        Assert.Equal(expected, delay.TotalSeconds, 6);
    }

    [Theory]
    [InlineData(null, "sending", "active", false, "subscriber no longer active")]
    [InlineData(true, "aborted", "active", false, "alert aborted")]
    [InlineData(true, "sending", "stopped", false, "subscriber no longer active")]
    [InlineData(true, "sending", "active", true, "superseded")]
    [InlineData(true, "sending", "active", false, null)]
    public void HandOverRefusal_Table(bool? found, string alertStatus, string subscriber, bool superseded, string? expected)
    {
        (long, long, string, string, bool)? row = found is null ? null : (3, 7, subscriber, alertStatus, superseded);

        Assert.Equal(expected, HandOver.Refusal(row));
    }
}
