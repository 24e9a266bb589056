namespace Broadcaster.Tests.Infrastructure;

/// <summary>The real clock moved on by a fixed amount: a job that waits for rows to settle runs as if that time had passed.</summary>
public sealed class ShiftedClock(TimeSpan by) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
}
