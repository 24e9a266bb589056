using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>Fan-out tuning (section "Delivery", all optional). The send rates themselves are Twilio:/Telegram:MessagesPerSecond.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Most sends one dispatcher keeps in flight; fewer at low rates (about one second's worth).</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Attempts per recipient before a retryable error becomes final.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt (with jitter), at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Dispatcher jobs started per alert and channel. One suffices for the rate; more spread one broadcast
    /// over several worker processes (each takes its share of the same global rate) and keep it going at
    /// once when one of them dies.
    /// </summary>
    public int DispatchersPerChannel { get; set; } = 1;

    /// <summary>Hangfire workers of this process's broadcast server: at most this many dispatchers (and plannings) at once.</summary>
    public int BroadcastWorkers { get; set; } = 8;

    /// <summary>How long a claimed row stays ours; a dead process's rows become claimable again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        if (o.MaxConcurrency is < 1 or > 1000)
            return ValidateOptionsResult.Fail("Delivery:MaxConcurrency must be between 1 and 1000");
        if (o.MaxAttempts is < 1 or > 100)
            return ValidateOptionsResult.Fail("Delivery:MaxAttempts must be between 1 and 100");
        if (o.RetryBaseDelay <= TimeSpan.Zero || o.MaxRetryDelay < o.RetryBaseDelay)
            return ValidateOptionsResult.Fail("Delivery:RetryBaseDelay must be positive and not above Delivery:MaxRetryDelay");
        if (o.BroadcastWorkers is < 1 or > 64)
            return ValidateOptionsResult.Fail("Delivery:BroadcastWorkers must be between 1 and 64");
        if (o.DispatchersPerChannel is < 1 or > 16)
            return ValidateOptionsResult.Fail("Delivery:DispatchersPerChannel must be between 1 and 16");
        if (o.Lease < TimeSpan.FromSeconds(10))
            return ValidateOptionsResult.Fail("Delivery:Lease must be at least 00:00:10");
        return ValidateOptionsResult.Success;
    }
}
