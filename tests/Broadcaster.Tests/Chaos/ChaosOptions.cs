using System.Globalization;

namespace Broadcaster.Tests.Chaos;

/// <summary>
/// The shape of a chaos run (issue 18): three networks with their own SMS senders plus Telegram, an alert every
/// 20–40 s per network with a retraction of every third 5–10 s after its verify, a STOP every 2 s, the provider
/// failing 5 % with 429 and 3 % with 5xx or resets, one total outage, and a worker killed every minute.
/// </summary>
public sealed record ChaosOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan OutageAt { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan OutageLength { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan FirstKill { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan StopEvery { get; init; } = TimeSpan.FromSeconds(2);
    public (int Min, int Max) AlertEverySeconds { get; init; } = (20, 40);
    public (int Min, int Max) RetractionAfterSeconds { get; init; } = (5, 10);
    public int SmsPerNetwork { get; init; } = 200;
    public int TelegramPerNetwork { get; init; } = 50;
    /// <summary>Each network's own SMS sender, in segments per second.</summary>
    public double SmsRate { get; init; } = 20;
    public double TelegramRate { get; init; } = 25;
    public double RateLimitedShare { get; init; } = 0.05;
    public double ServerErrorShare { get; init; } = 0.03;
    public int Workers { get; init; } = 2;
    public int Seed { get; init; } = 18;
    /// <summary>More settings for every process of the run (section:key).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long, after the run, the alerts may take to finish before what is left counts as lost.</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The two-minute run of the test suite: the outage scaled down, still longer than a breaker pause.</summary>
    public static ChaosOptions TwoMinutes => new()
    {
        Duration = TimeSpan.FromMinutes(2),
        OutageAt = TimeSpan.FromSeconds(35),
        OutageLength = TimeSpan.FromSeconds(40),
        FirstKill = TimeSpan.FromSeconds(25),
        SmsPerNetwork = 40,
        TelegramPerNetwork = 10,
        SmsRate = 10,
        // Within the suite's 5-minute hang limit for one test; on a quiet machine the alerts are final in seconds.
        DrainLimit = TimeSpan.FromSeconds(100),
        // Retries come back within seconds rather than minutes, so that what the outage left is sent soon after it.
        Settings = new Dictionary<string, string> { ["Delivery:RetryBaseDelay"] = "00:00:00.500", ["Delivery:MaxRetryDelay"] = "00:00:10" },
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Duration.TotalMinutes:0.#} min; 3 networks x ({SmsPerNetwork} SMS at {SmsRate}/s + {TelegramPerNetwork} Telegram, bot at {TelegramRate}/s); " +
        $"alert every {AlertEverySeconds.Min}-{AlertEverySeconds.Max} s per network, every third retracted {RetractionAfterSeconds.Min}-{RetractionAfterSeconds.Max} s after verify; " +
        $"STOP every {StopEvery.TotalSeconds:0.#} s; provider {RateLimitedShare:0%} 429 + {ServerErrorShare:0%} 5xx/resets, outage {OutageLength.TotalSeconds:0} s from {OutageAt.TotalSeconds:0} s; " +
        $"{Workers} worker processes, one SIGKILLed every {KillEvery.TotalSeconds:0} s from {FirstKill.TotalSeconds:0} s");
}
