using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Simulator;

/// <summary>Broadcaster:Simulator defaults to the environment: on in Development, off elsewhere.</summary>
internal sealed class SimulatorDefault(IHostEnvironment env) : IPostConfigureOptions<BroadcasterOptions>
{
    public void PostConfigure(string? name, BroadcasterOptions o) => o.Simulator ??= env.IsDevelopment();
}

/// <summary>
/// A simulator fakes phones and diverts messages away from the provider, and anyone may open it: only in Development.
/// A staging or test deployment holds real numbers too, so every other environment refuses it, not only Production.
/// </summary>
internal sealed class SimulatorRule(IHostEnvironment env) : IValidateOptions<BroadcasterOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcasterOptions o) =>
        o.Simulator == true && !env.IsDevelopment()
            ? ValidateOptionsResult.Fail($"Broadcaster:Simulator is allowed only in Development, not in {env.EnvironmentName} (it fakes phones and diverts their messages)")
            : ValidateOptionsResult.Success;
}
