using System.Diagnostics;

namespace Broadcaster.Bench;

/// <summary>
/// How a sender's requests arrived at the fake provider: gaps between arrivals (ms, all senders' gaps together),
/// bunches (runs of 3 or more arrivals each under half the slot spacing after the one before), and stalls of the
/// whole stream (no arrival from any sender for 20 ms or more). A bunch that starts right after a stall of every
/// sender at once is one process catching up (the worker or the fake), not one sender's pacing.
/// </summary>
public sealed record ArrivalGaps(double NominalMs, double P1Ms, double P50Ms, double P99Ms, double MaxMs, string[] Buckets, int[] Counts,
    int Bunches, int BunchesAfterGap, int BunchesAfterStall, int LargestBunch, int Stalls, double StallMsTotal, double LongestStallMs);

/// <summary>Pure measures over arrival times (Stopwatch ticks, sorted).</summary>
public static class Pacing
{
    private static readonly double[] BucketBounds = [0.1, 0.5, 0.9, 1.2, 2, 5];
    private static readonly double StallMs = 20;

    public static int MaxInOneSecond(IReadOnlyList<long> sorted)
    {
        var max = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[j] >= Stopwatch.Frequency)
                j++;
            max = Math.Max(max, i - j + 1);
        }
        return max;
    }

    public static int MaxSegmentsInOneSecond(IReadOnlyList<(long At, int Segments)> sorted)
    {
        int max = 0, sum = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            sum += sorted[i].Segments;
            while (sorted[i].At - sorted[j].At >= Stopwatch.Frequency)
                sum -= sorted[j++].Segments;
            max = Math.Max(max, sum);
        }
        return max;
    }

    /// <summary>
    /// The provider's queue if it sent at exactly <paramref name="rate"/> tokens/s (a leaky bucket draining at the rate):
    /// its largest content, in tokens, the arriving message included. Paced at or below the rate it is one message;
    /// the bound is one second plus one message (rate + 1).
    /// </summary>
    public static double MaxBacklog(IReadOnlyList<(long At, int Segments)> sorted, double rate)
    {
        double backlog = 0, max = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var drained = i == 0 ? 0 : (double)(sorted[i].At - sorted[i - 1].At) / Stopwatch.Frequency * rate;
            backlog = Math.Max(0, backlog - drained) + sorted[i].Segments;
            max = Math.Max(max, backlog);
        }
        return max;
    }

    public static double PerSecond(IReadOnlyList<long> arrivals) =>
        arrivals.Count < 2 ? 0 : (arrivals.Count - 1) / ((double)(arrivals.Max() - arrivals.Min()) / Stopwatch.Frequency);

    /// <param name="perSender">Each sender's arrivals, sorted.</param>
    /// <param name="slotRate">The rate the slots are spaced at (the configured rate × RateGate.Headroom).</param>
    public static ArrivalGaps Gaps(IReadOnlyList<IReadOnlyList<long>> perSender, double slotRate)
    {
        var msPerTick = 1000.0 / Stopwatch.Frequency;
        var nominal = 1000 / slotRate;
        var all = perSender.SelectMany(s => s).Order().ToList();
        var stalls = new List<(long From, long To)>();
        for (var i = 1; i < all.Count; i++)
            if ((all[i] - all[i - 1]) * msPerTick >= StallMs)
                stalls.Add((all[i - 1], all[i]));

        var gaps = new List<double>();
        int bunches = 0, afterGap = 0, afterStall = 0, largest = 0;
        foreach (var arrivals in perSender)
        {
            for (var i = 1; i < arrivals.Count; i++)
            {
                gaps.Add((arrivals[i] - arrivals[i - 1]) * msPerTick);
                // A bunch starts at i - 1 when the next two gaps are both short; it runs while gaps stay short.
                if (i + 1 >= arrivals.Count || !Short(arrivals, i) || !Short(arrivals, i + 1) || i >= 2 && Short(arrivals, i - 1))
                    continue;
                var end = i + 1;
                while (end + 1 < arrivals.Count && Short(arrivals, end + 1))
                    end++;
                bunches++;
                largest = Math.Max(largest, end - i + 2);
                if (i >= 2 && (arrivals[i - 1] - arrivals[i - 2]) * msPerTick >= 2 * nominal)
                    afterGap++;
                var start = arrivals[i - 1];
                if (stalls.Any(s => start >= s.To && (start - s.To) * msPerTick <= 5))
                    afterStall++;
            }
        }
        gaps.Sort();
        var counts = new int[BucketBounds.Length + 1];
        foreach (var gap in gaps)
            counts[BucketBounds.Count(b => gap >= b * nominal)]++;
        var labels = new List<string> { $"< {BucketBounds[0] * nominal:0.0} ms" };
        for (var b = 1; b < BucketBounds.Length; b++)
            labels.Add($"{BucketBounds[b - 1] * nominal:0.0}-{BucketBounds[b] * nominal:0.0} ms");
        labels.Add($">= {BucketBounds[^1] * nominal:0.0} ms");
        double At(double p) => gaps.Count == 0 ? 0 : gaps[(int)Math.Min(gaps.Count - 1, Math.Floor(p * gaps.Count))];
        return new(nominal, At(0.01), At(0.5), At(0.99), gaps.Count == 0 ? 0 : gaps[^1], [.. labels], counts, bunches, afterGap, afterStall, largest,
            stalls.Count, stalls.Sum(s => (s.To - s.From) * msPerTick), stalls.Count == 0 ? 0 : stalls.Max(s => (s.To - s.From) * msPerTick));

        bool Short(IReadOnlyList<long> a, int i) => (a[i] - a[i - 1]) * msPerTick < 0.5 * nominal;
    }
}
