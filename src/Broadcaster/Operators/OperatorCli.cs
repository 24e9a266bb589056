using System.CommandLine;
using Broadcaster.Infrastructure;

namespace Broadcaster.Operators;

/// <summary>`operator add`: the people who run the deployment (jobs dashboard, metrics).</summary>
public static class OperatorCli
{
    public static Command Command(CliContext context)
    {
        var name = CliContext.Option<string>("--name", "Who holds the key, e.g. \"Ops on call\".");
        var add = new Command("add", "Add an operator; prints their key once (for /hangfire and /metrics).") { name };
        add.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var (added, key) = await sp.GetRequiredService<OperatorStore>().AddAsync(r.GetValue(name)!);
            context.Out.WriteLine($"Operator {added.Id} ({added.Name}) added. Operator key, shown once:");
            context.Out.WriteLine(key);
            return 0;
        }));
        return new Command("operator", "Manage the operators who run this deployment.") { add };
    }
}
