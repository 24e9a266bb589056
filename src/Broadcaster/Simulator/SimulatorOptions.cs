using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Simulator;

/// <summary>Broadcaster:Simulator defaults to the environment: on in Development, off elsewhere.</summary>
internal sealed class SimulatorDefault(IHostEnvironment env) : IPostConfigureOptions<BroadcasterOptions>
{
    public void PostConfigure(string? name, BroadcasterOptions o) => o.Simulator ??= env.IsDevelopment();
}

/// <summary>A simulator fakes phones and diverts messages away from the provider: never in Production.</summary>
internal sealed class SimulatorRule(IHostEnvironment env) : IValidateOptions<BroadcasterOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcasterOptions o) =>
        o.Simulator == true && env.IsProduction()
            ? ValidateOptionsResult.Fail("Broadcaster:Simulator must not be true in Production (it fakes phones and diverts their messages)")
            : ValidateOptionsResult.Success;
}
