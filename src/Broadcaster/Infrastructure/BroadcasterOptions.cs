using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

public enum ProcessRole { All, Web, Worker }

public sealed class BroadcasterOptions
{
    public const string Section = "Broadcaster";

    public ProcessRole Role { get; set; } = ProcessRole.All;

    /// <summary>Where Development keeps generated files (the dev encryption key). Ignored by git.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>How long a draft may wait for a second coordinator before it expires.</summary>
    public TimeSpan DraftTtl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long per-recipient delivery rows are kept (for follow-ups) before they are reduced to counts.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The phone simulator and simulated numbers; unset means on in Development; allowed only there (true elsewhere stops start-up).</summary>
    public bool? Simulator { get; set; }

    public bool RunsWeb => Role is ProcessRole.All or ProcessRole.Web;
    public bool RunsWorkers => Role is ProcessRole.All or ProcessRole.Worker;
}

internal sealed class BroadcasterOptionsValidator : IValidateOptions<BroadcasterOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcasterOptions o)
    {
        if (o.DraftTtl <= TimeSpan.Zero)
            return ValidateOptionsResult.Fail("Broadcaster:DraftTtl must be a positive time span (e.g. 02:00:00)");
        if (o.DeliveryRetention < TimeSpan.Zero)
            return ValidateOptionsResult.Fail("Broadcaster:DeliveryRetention must not be negative");
        return ValidateOptionsResult.Success;
    }
}
