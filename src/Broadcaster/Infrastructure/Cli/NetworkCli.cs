using System.CommandLine;
using Broadcaster.Channels.Telegram;
using Broadcaster.Networks;

namespace Broadcaster.Infrastructure;

/// <summary>`network add | list | set-telegram-channel`.</summary>
public static class NetworkCli
{
    public static Command Command(CliContext context)
    {
        var network = new Command("network", "Set up the networks (RRNs) this deployment serves.");
        network.Add(Add(context));
        network.Add(List(context));
        network.Add(SetTelegramChannel(context));
        return network;
    }

    private static Command Add(CliContext context)
    {
        var slug = CliContext.Option<string>("--slug", "Short id used in links and commands, e.g. north-bay.");
        var name = CliContext.Option<string>("--name", "Display name, e.g. \"North Bay RRN\".");
        var counties = CliContext.Option<string>("--counties", "County slugs it serves, comma-separated, e.g. napa,solano,sonoma.");
        var hotline = CliContext.Option<string>("--hotline", "The network's public hotline number.", required: false);
        var command = new Command("add", "Add a network and the counties it serves.") { slug, name, counties, hotline };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var list = r.GetValue(counties)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var added = await sp.GetRequiredService<NetworkStore>().AddAsync(r.GetValue(slug)!, r.GetValue(name)!, list, r.GetValue(hotline));
            context.Out.WriteLine($"Network '{added.Slug}' ({added.Name}) added with {list.Length} count{(list.Length == 1 ? "y" : "ies")}.");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the networks with their counties and hotline.");
        command.SetAction((_, _) => context.WithServicesAsync(async sp =>
        {
            var networks = await sp.GetRequiredService<NetworkStore>().ListAsync();
            if (networks.Count == 0)
                context.Out.WriteLine("No networks yet (add one with 'Broadcaster network add').");
            foreach (var (n, counties) in networks)
                context.Out.WriteLine($"{n.Slug}\t{n.Name}\thotline {n.Hotline ?? "(none)"}\tcounties {string.Join(',', counties)}");
            return 0;
        }));
        return command;
    }

    private static Command SetTelegramChannel(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var county = CliContext.Option<string>("--county", "The county's slug.");
        var chatId = CliContext.Option<string>("--chat-id", "The Telegram channel's chat id, e.g. -1001234567890, or none to stop posting.");
        var command = new Command("set-telegram-channel", "Also post a county's verified alerts to a Telegram channel.") { network, county, chatId };
        command.SetAction((r, _) =>
        {
            var raw = r.GetValue(chatId)!;
            long? id = raw == "none" ? null
                : long.TryParse(raw, out var parsed) ? parsed : throw new CommandException("--chat-id must be a number such as -1001234567890, or none");
            return context.WithServicesAsync(async sp =>
            {
                var c = r.GetValue(county)!;
                await sp.GetRequiredService<CountyChannels>().SetAsync(r.GetValue(network)!, c, id);
                context.Out.WriteLine(id is null ? $"Telegram channel of '{c}' cleared." : $"Alerts for '{c}' will also be posted to Telegram channel {id}.");
                return 0;
            });
        });
        return command;
    }
}
