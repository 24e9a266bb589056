using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Simulator;

public static class SimulatorSetup
{
    /// <summary>Whether the simulator runs: only in Development, unless Broadcaster:Simulator is false (elsewhere true stops start-up).</summary>
    public static bool IsOn(IConfiguration config, IHostEnvironment env) =>
        env.IsDevelopment() && (config.GetValue<bool?>($"{BroadcasterOptions.Section}:{nameof(BroadcasterOptions.Simulator)}") ?? true);

    /// <summary>Call after every channel is registered: the SMS channel is wrapped so simulated numbers never reach the provider.</summary>
    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPostConfigureOptions<BroadcasterOptions>, SimulatorDefault>();
        builder.Services.AddSingleton<IValidateOptions<BroadcasterOptions>, SimulatorRule>();
        if (!IsOn(builder.Configuration, builder.Environment))
            return builder;
        builder.Services.AddSingleton<SimulatorStore>();
        builder.Services.AddSingleton<SimulatorThread>();
        builder.Services.AddSingleton<TextedNumbers>();
        var channels = builder.Services.Where(d => d.ServiceType == typeof(IMessageChannel)).ToList();
        foreach (var channel in channels)
        {
            builder.Services.Remove(channel);
            builder.Services.Add(ServiceDescriptor.Describe(typeof(IMessageChannel), sp => Wrap(sp, channel), channel.Lifetime));
        }
        return builder;
    }

    private static IMessageChannel Wrap(IServiceProvider sp, ServiceDescriptor original)
    {
        var inner = (IMessageChannel)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
        return inner.Name == ChannelName.Sms ? new SimulatedSms(inner, sp.GetRequiredService<SimulatorStore>(), sp.GetRequiredService<Coordinators.CoordinatorStore>()) : inner;
    }
}
