using System.CommandLine;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Coordinators;

/// <summary>`coordinator add | list | revoke | new-key | set-admin`. Keys are printed alone on the last line of stdout.</summary>
public static class CoordinatorCli
{
    public static Command Command(CliContext context)
    {
        var coordinator = new Command("coordinator", "Register and manage the coordinators who draft and verify alerts.");
        coordinator.Add(Add(context));
        coordinator.Add(List(context));
        coordinator.Add(Revoke(context));
        coordinator.Add(NewKey(context));
        coordinator.Add(SetAdmin(context));
        return coordinator;
    }

    private static Command Add(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var name = CliContext.Option<string>("--name", "The coordinator's name, as other coordinators see it.");
        var phone = CliContext.Option<string>("--phone", "Their phone, for SMS commands and notices (stored encrypted).", required: false);
        var telegram = CliContext.Option<long?>("--telegram-user-id", "Their Telegram user id, for Telegram commands and notices.", required: false);
        var admin = CliContext.Option<bool>("--admin", "Make them an admin of their network (manages its coordinators in the console).", required: false);
        var command = new Command("add", "Register a coordinator; prints their API key once.") { network, name, phone, telegram, admin };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var (added, key) = await sp.GetRequiredService<TeamChanges>().OperatorAddsAsync(
                r.GetValue(network)!, r.GetValue(name)!, r.GetValue(phone), r.GetValue(telegram), r.GetValue(admin));
            context.Out.WriteLine($"Coordinator {added.Id} ({added.Name}){(added.IsAdmin ? ", network admin," : "")} added. API key, shown once:");
            context.Out.WriteLine(key);
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var command = new Command("list", "List a network's coordinators: channels, admin, active (phones masked).") { network };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var slug = r.GetValue(network)!;
            var found = await sp.GetRequiredService<NetworkStore>().FindBySlugAsync(slug) ?? throw new CommandException($"unknown network '{slug}'");
            var coordinators = await sp.GetRequiredService<CoordinatorStore>().ListAsync(found.Id);
            if (coordinators.Count == 0)
                context.Out.WriteLine($"Network '{slug}' has no coordinators yet.");
            foreach (var c in coordinators)
            {
                var channels = string.Join(", ", c.Channels.Select(ch => ch == "sms" ? $"sms {c.MaskedPhone}" : ch));
                context.Out.WriteLine($"{c.Id}\t{c.Name}\t{(channels.Length == 0 ? "no channel" : channels)}\t{(c.IsAdmin ? "admin" : "-")}\t{(c.Active ? "active" : "revoked")}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = CliContext.Option<long>("--id", "The coordinator's id (see 'coordinator list').");
        var command = new Command("revoke", "Revoke a coordinator: their key, sessions, commands and notices stop, their open drafts expire, their addresses are erased.") { id };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var coordinator = await sp.GetRequiredService<CoordinatorStore>().FindAsync(r.GetValue(id)) ?? throw new CommandException($"no coordinator with id {r.GetValue(id)}");
            var revoked = await sp.GetRequiredService<TeamChanges>().RevokeAsync(TeamActor.Operator, coordinator.Id);
            context.Out.WriteLine(revoked is null ? $"Coordinator {coordinator.Id} ({coordinator.Name}) was already revoked." : $"Coordinator {coordinator.Id} ({coordinator.Name}) revoked.");
            return 0;
        }));
        return command;
    }

    private static Command NewKey(CliContext context)
    {
        var id = CliContext.Option<long>("--id", "The coordinator's id (see 'coordinator list').");
        var command = new Command("new-key", "Give a coordinator a new API key; the old one and their console sessions stop working.") { id };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var coordinator = await sp.GetRequiredService<CoordinatorStore>().FindAsync(r.GetValue(id)) ?? throw new CommandException($"no coordinator with id {r.GetValue(id)}");
            var key = await sp.GetRequiredService<TeamChanges>().OperatorNewKeyAsync(coordinator.Id) ?? throw new CommandException($"coordinator {coordinator.Id} is revoked");
            context.Out.WriteLine($"New API key for coordinator {coordinator.Id} ({coordinator.Name}), shown once (the old key and their console sessions no longer work):");
            context.Out.WriteLine(key);
            return 0;
        }));
        return command;
    }

    private static Command SetAdmin(CliContext context)
    {
        var id = CliContext.Option<long>("--id", "The coordinator's id (see 'coordinator list').");
        var on = CliContext.Option<bool>("--on", "Make them an admin of their network (manages its coordinators in the console).", required: false);
        var off = CliContext.Option<bool>("--off", "Remove their admin rights (refused for the network's last admin).", required: false);
        var command = new Command("set-admin", "Make a coordinator a network admin, or not; the whole team is told.") { id, on, off };
        command.SetAction((r, _) =>
        {
            if (r.GetValue(on) == r.GetValue(off))
                throw new CommandException("give exactly one of --on or --off");
            return context.WithServicesAsync(async sp =>
            {
                var coordinator = await sp.GetRequiredService<CoordinatorStore>().FindAsync(r.GetValue(id)) ?? throw new CommandException($"no coordinator with id {r.GetValue(id)}");
                var admin = r.GetValue(on);
                var who = $"Coordinator {coordinator.Id} ({coordinator.Name})";
                context.Out.WriteLine(await sp.GetRequiredService<TeamChanges>().SetAdminAsync(TeamActor.Operator, coordinator.Id, admin) switch
                {
                    AdminChange.Changed => admin ? $"{who} is now a network admin." : $"{who} is no longer a network admin.",
                    AdminChange.Unchanged => admin ? $"{who} was already a network admin." : $"{who} was not a network admin.",
                    AdminChange.LastAdmin => throw new CommandException($"{who} is the last admin of their network: make another coordinator admin first"),
                    _ => throw new CommandException($"coordinator {coordinator.Id} is revoked"),
                });
                return 0;
            });
        });
        return command;
    }
}
