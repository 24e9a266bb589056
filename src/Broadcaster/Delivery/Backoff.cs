namespace Broadcaster.Delivery;

/// <summary>Retry delays: exponential from Delivery:RetryBaseDelay with ±50 % jitter, never before the provider's Retry-After.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempts, TimeSpan retryAfter, DeliveryOptions options)
    {
        var exponential = options.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var jittered = Math.Min(exponential, options.MaxRetryDelay.TotalSeconds) * (0.5 + Random.Shared.NextDouble());
        // After a pause everybody would retry at the same instant: spread them over a further 20 %.
        var afterPause = retryAfter.TotalSeconds * (1 + 0.2 * Random.Shared.NextDouble());
        return TimeSpan.FromSeconds(Math.Max(jittered, afterPause));
    }
}
