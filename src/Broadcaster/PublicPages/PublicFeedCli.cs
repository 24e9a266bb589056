using System.CommandLine;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.PublicPages;

/// <summary>`network set-public-feed --network X (--on | --off)`: added to the `network` command group.</summary>
public static class PublicFeedCli
{
    public static void AddTo(RootCommand root, CliContext context) =>
        root.Subcommands.Single(c => c.Name == "network").Add(Command(context));

    private static Command Command(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var on = CliContext.Option<bool>("--on", "Publish its verified, non-drill alerts at /n/<network>/alerts.atom (and CAP 1.2).", required: false);
        var off = CliContext.Option<bool>("--off", "Stop publishing them (the feed answers 404).", required: false);
        var command = new Command("set-public-feed", "Turn a network's public alert feed (Atom and CAP 1.2) on or off; it is off until turned on.")
            { network, on, off };
        command.SetAction((r, _) =>
        {
            if (r.GetValue(on) == r.GetValue(off))
                throw new CommandException("give exactly one of --on or --off");
            return context.WithServicesAsync(async sp =>
            {
                var slug = r.GetValue(network)!;
                var found = await sp.GetRequiredService<NetworkStore>().FindBySlugAsync(slug)
                    ?? throw new CommandException($"there is no network '{slug}' (see network list)");
                await sp.GetRequiredService<PublicPageStore>().SetFeedAsync(found.Id, r.GetValue(on));
                context.Out.WriteLine(r.GetValue(on)
                    ? $"Network '{found.Slug}' publishes its verified alerts at /n/{found.Slug}/alerts.atom."
                    : $"Network '{found.Slug}' no longer publishes its alerts (/n/{found.Slug}/alerts.atom answers 404).");
                return 0;
            });
        });
        return command;
    }
}
