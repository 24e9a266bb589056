namespace Broadcaster.Delivery;

/// <summary>
/// Where the database's clock stands against this process's monotonic clock, as an interval that surely holds it.
/// Each round trip gives one sample: the database read its clock at some instant between our request and its
/// answer, so its offset lies between (db − answered) and (db − asked). Samples of the last <see cref="Window"/>
/// are intersected, so the interval is as narrow as the quickest round trip seen (a fraction of a millisecond
/// on a LAN), however slow the one at hand. A clock step on either side empties the intersection: the history
/// is then dropped and the latest sample alone counts.
/// </summary>
public sealed class DatabaseClock
{
    /// <summary>Long enough to catch a quick round trip, short enough that clock drift (parts per million) stays far below a millisecond.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Queue<(double LocalSeconds, double Low, double High)> _samples = new();

    /// <summary>
    /// Adds the sample of one round trip (local times in seconds of the monotonic clock, database time in epoch
    /// seconds) and returns the local instants, earliest and latest possible, at which the database read <paramref name="database"/>.
    /// </summary>
    public (double Earliest, double Latest) Locate(double asked, double answered, double database)
    {
        _samples.Enqueue((answered, database - answered, database - asked));
        while (_samples.Count > 1 && answered - _samples.Peek().LocalSeconds > Window.TotalSeconds)
            _samples.Dequeue();
        double low = double.MinValue, high = double.MaxValue;
        foreach (var s in _samples)
            (low, high) = (Math.Max(low, s.Low), Math.Min(high, s.High));
        if (low > high)
        {
            var latest = _samples.Last();
            _samples.Clear();
            _samples.Enqueue(latest);
            (low, high) = (latest.Low, latest.High);
        }
        return (database - high, database - low);
    }
}
