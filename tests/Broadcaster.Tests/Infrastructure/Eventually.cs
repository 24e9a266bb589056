namespace Broadcaster.Tests.Infrastructure;

/// <summary>Waits for background work (Hangfire jobs) to reach a state. Not a timing assertion: the limit is only a hang guard.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        while (!condition(value = await probe()))
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"still not true after {seconds}s: {what} (last value: {value})");
            await Task.Delay(50);
        }
        return value;
    }
}
