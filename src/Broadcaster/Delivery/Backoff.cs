namespace Broadcaster.Delivery;

/// <summary>Retry delays: exponential from Delivery:RetryBaseDelay with ±50 % jitter, never before the provider's Retry-After.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempts, TimeSpan retryAfter, DeliveryOptions options, double random)
    {
        var exponential = options.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var jittered = Math.Min(exponential, options.MaxRetryDelay.TotalSeconds) * (0.5 + random);
        // After a pause everybody would retry at the same instant: spread them over a further 20 %.
        var afterPause = retryAfter.TotalSeconds * (1 + 0.2 * random);
        return TimeSpan.FromSeconds(Math.Max(jittered, afterPause));
    }

    public static TimeSpan Delay(int attempts, TimeSpan retryAfter, DeliveryOptions options) =>
        Delay(attempts, retryAfter, options, Random.Shared.NextDouble());
}
