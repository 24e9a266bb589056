using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>Fan-out tuning (section "Delivery", all optional). The send rates themselves are Twilio:/Telegram:MessagesPerSecond.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Most sends one sender loop keeps in flight; fewer at low rates (about one second's worth).</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>A message still not handed over this long after its alert was verified is failed (retryable errors never fail it sooner).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>First retry delay; doubles per attempt (with jitter), at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Hangfire workers of this process's broadcast server (planning only: sending runs in the sender loops).</summary>
    public int BroadcastWorkers { get; set; } = 8;

    /// <summary>
    /// How long a claimed row stays ours without renewal. A live process renews its rows every third of it,
    /// even through a long Retry-After; a dead process's rows are taken over soon after it runs out.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A dead process's rows are taken over within 30 s: the lease runs out, and every sender loop looks for
    /// expired rows every <see cref="SenderLoop.ReclaimEvery"/> (3 s).
    /// </summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(27);

    /// <summary>Consecutive provider failures (5xx, timeouts, connection errors) that open a sender's circuit breaker.</summary>
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long an open breaker pauses the sender (for every process) before one message probes it.</summary>
    public TimeSpan BreakerPause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far replies and coordinator notices may put a sender's bucket into debt, in time at its rate: they never wait,
    /// so a burst of them delays that sender's alerts by up to this much (beyond it they go out above the rate).
    /// </summary>
    public TimeSpan ReplyDebt { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the other processes wait for a probe's answer: longer than the providers' 15-s client timeout, so that
    /// a hung probe is not joined by a second; if its process dies meanwhile, the next probe comes when this ends.
    /// </summary>
    public static readonly TimeSpan ProbeWindow = TimeSpan.FromSeconds(20);
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        if (o.MaxConcurrency is < 1 or > 1000)
            return ValidateOptionsResult.Fail("Delivery:MaxConcurrency must be between 1 and 1000");
        if (o.GiveUpAfter < TimeSpan.FromMinutes(1))
            return ValidateOptionsResult.Fail("Delivery:GiveUpAfter must be at least 00:01:00");
        if (o.RetryBaseDelay <= TimeSpan.Zero || o.MaxRetryDelay < o.RetryBaseDelay)
            return ValidateOptionsResult.Fail("Delivery:RetryBaseDelay must be positive and not above Delivery:MaxRetryDelay");
        if (o.BroadcastWorkers is < 1 or > 64)
            return ValidateOptionsResult.Fail("Delivery:BroadcastWorkers must be between 1 and 64");
        if (o.Lease < TimeSpan.FromSeconds(1) || o.Lease > DeliveryOptions.MaxLease)
            return ValidateOptionsResult.Fail($"Delivery:Lease must be between 00:00:01 and {DeliveryOptions.MaxLease:hh\\:mm\\:ss}");
        if (o.BreakerFailures is < 1 or > 1000)
            return ValidateOptionsResult.Fail("Delivery:BreakerFailures must be between 1 and 1000");
        if (o.ReplyDebt < TimeSpan.FromSeconds(1) || o.ReplyDebt > TimeSpan.FromMinutes(10))
            return ValidateOptionsResult.Fail("Delivery:ReplyDebt must be between 00:00:01 and 00:10:00");
        if (o.BreakerPause <= TimeSpan.Zero)
            return ValidateOptionsResult.Fail("Delivery:BreakerPause must be positive");
        return ValidateOptionsResult.Success;
    }
}
