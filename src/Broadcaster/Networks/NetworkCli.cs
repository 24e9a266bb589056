using System.CommandLine;
using Broadcaster.Channels.Telegram;
using Broadcaster.Infrastructure;

namespace Broadcaster.Networks;

/// <summary>
/// `network add | list | set-telegram-channel | set-sms-sender | set-fallback-language | set-time-zone`, and the area
/// commands (<see cref="AreaCli"/>).
/// </summary>
public static class NetworkCli
{
    public static Command Command(CliContext context)
    {
        var network = new Command("network", "Set up the networks (RRNs) this deployment serves.");
        network.Add(Add(context));
        network.Add(AreaCli.AddArea(context));
        network.Add(AreaCli.Areas(context));
        network.Add(AreaCli.SetAreaZips(context));
        network.Add(AreaCli.RemoveArea(context));
        network.Add(List(context));
        network.Add(SetTelegramChannel(context));
        network.Add(SetSmsSender(context));
        network.Add(SetFallbackLanguage(context));
        network.Add(SetTimeZone(context));
        return network;
    }

    private static Command Add(CliContext context)
    {
        var slug = CliContext.Option<string>("--slug", "Short id used in links and commands, e.g. north-bay.");
        var name = CliContext.Option<string>("--name", "Display name, e.g. \"North Bay RRN\".");
        var counties = CliContext.Option<string>("--counties",
            "Whole counties it serves, comma-separated, e.g. napa,solano,sonoma: each becomes an area (slug: the county's, else <network>-<county>).",
            required: false);
        var hotline = CliContext.Option<string>("--hotline", "The network's public hotline number.", required: false);
        var from = CliContext.Option<string>("--sms-from", "The network's own SMS number (E.164, e.g. +17075550100); default: the deployment's sender.", required: false);
        var service = CliContext.Option<string>("--sms-service", "The network's own Twilio Messaging Service SID (MG...), instead of --sms-from.", required: false);
        var rate = CliContext.Option<double?>("--sms-rate", "Its own sender's rate in SMS segments per second, all processes together (default: Twilio:MessagesPerSecond).", required: false);
        var command = new Command("add", "Add a network, and an area per whole county it serves (add others with add-area).")
            { slug, name, counties, hotline, from, service, rate };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var list = AreaCli.Split(r.GetValue(counties));
            var sender = new SmsSender(r.GetValue(from), r.GetValue(service), r.GetValue(rate));
            var added = await sp.GetRequiredService<NetworkStore>().AddAsync(r.GetValue(slug)!, r.GetValue(name)!, list, r.GetValue(hotline), sender);
            var areas = await sp.GetRequiredService<AreaStore>().AllAsync(added.Id);
            context.Out.WriteLine($"Network '{added.Slug}' ({added.Name}) added with {areas.Count} area{(areas.Count == 1 ? "" : "s")}" +
                $"{(areas.Count == 0 ? "" : " (" + string.Join(", ", areas.Select(a => a.Slug)) + ")")}, {Sender(added)}.");
            return 0;
        }));
        return command;
    }

    private static Command SetSmsSender(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var from = CliContext.Option<string>("--from", "Its own SMS number (E.164).", required: false);
        var service = CliContext.Option<string>("--service", "Its own Twilio Messaging Service SID (MG...).", required: false);
        var useDefault = CliContext.Option<bool>("--default", "Send from the deployment's default sender again.", required: false);
        var rate = CliContext.Option<double?>("--rate", "Its own sender's rate in SMS segments per second.", required: false);
        var command = new Command("set-sms-sender", "Give a network its own SMS sender (number or Messaging Service), or the default back.")
            { network, from, service, useDefault, rate };
        command.SetAction((r, _) =>
        {
            var given = new[] { r.GetValue(from) is not null, r.GetValue(service) is not null, r.GetValue(useDefault) }.Count(x => x);
            if (given != 1)
                throw new CommandException("give exactly one of --from +1..., --service MG... or --default");
            var sender = r.GetValue(useDefault) ? new SmsSender(null, null, r.GetValue(rate)) : new SmsSender(r.GetValue(from), r.GetValue(service), r.GetValue(rate));
            return context.WithServicesAsync(async sp =>
            {
                var changed = await sp.GetRequiredService<NetworkStore>().SetSmsSenderAsync(r.GetValue(network)!, sender);
                context.Out.WriteLine($"Network '{changed.Slug}' now sends SMS {Sender(changed)}.");
                return 0;
            });
        });
        return command;
    }

    private static Command SetTimeZone(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var zone = CliContext.Option<string>("--zone", "An IANA time zone, e.g. America/Los_Angeles (the default).");
        var command = new Command("set-time-zone", "The time zone the console shows the network's times in.") { network, zone };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var changed = await sp.GetRequiredService<NetworkStore>().SetTimeZoneAsync(r.GetValue(network)!, r.GetValue(zone)!);
            context.Out.WriteLine($"Network '{changed.Slug}' shows its times in {changed.TimeZone}.");
            return 0;
        }));
        return command;
    }

    private static Command SetFallbackLanguage(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var language = CliContext.Option<string>("--language", $"One of {string.Join(", ", Language.Supported)}.");
        var command = new Command("set-fallback-language", "The language subscribers get when an alert has no text in theirs (default en).") { network, language };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var changed = await sp.GetRequiredService<NetworkStore>().SetFallbackLanguageAsync(r.GetValue(network)!, r.GetValue(language)!);
            context.Out.WriteLine($"Network '{changed.Slug}' falls back to '{changed.FallbackLanguage}'; its alerts must have a texts.{changed.FallbackLanguage}.");
            return 0;
        }));
        return command;
    }

    internal static string Sender(Network n) => n switch
    {
        { SmsFrom: { } number } => $"from {number} at {Rate(n)}",
        { SmsService: { } sid } => $"from Messaging Service {sid} at {Rate(n)}",
        _ => "from the default sender",
    };

    private static string Rate(Network n) => n.SmsRate is { } r ? $"{r} segment(s)/s" : "the default rate";

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the networks with their areas and hotline.");
        command.SetAction((_, _) => context.WithServicesAsync(async sp =>
        {
            var networks = await sp.GetRequiredService<NetworkStore>().ListAsync();
            if (networks.Count == 0)
                context.Out.WriteLine("No networks yet (add one with 'Broadcaster network add').");
            foreach (var (n, areas) in networks)
                context.Out.WriteLine($"{n.Slug}\t{n.Name}\thotline {n.Hotline ?? "(none)"}\tareas {string.Join(',', areas)}\tsms {Sender(n)}\tfallback {n.FallbackLanguage}");
            return 0;
        }));
        return command;
    }

    private static Command SetTelegramChannel(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var area = CliContext.Option<string>("--area", "The area's slug.", required: false);
        var county = CliContext.Option<string>("--county", "Or the county its area is (the network's area of that whole county).", required: false);
        var chatId = CliContext.Option<string>("--chat-id", "The Telegram channel's chat id, e.g. -1001234567890, or none to stop posting.");
        var command = new Command("set-telegram-channel", "Also post an area's verified alerts to a Telegram channel.") { network, area, county, chatId };
        command.SetAction((r, _) =>
        {
            var raw = r.GetValue(chatId)!;
            long? id = raw == "none" ? null
                : long.TryParse(raw, out var parsed) ? parsed : throw new CommandException("--chat-id must be a number such as -1001234567890, or none");
            if ((r.GetValue(area) is null) == (r.GetValue(county) is null))
                throw new CommandException("give exactly one of --area or --county");
            return context.WithServicesAsync(async sp =>
            {
                var c = r.GetValue(area) ?? r.GetValue(county)!;
                await sp.GetRequiredService<AreaChannels>().SetAsync(r.GetValue(network)!, c, id);
                context.Out.WriteLine(id is null ? $"Telegram channel of '{c}' cleared." : $"Alerts for '{c}' will also be posted to Telegram channel {id}.");
                return 0;
            });
        });
        return command;
    }
}
