using System.CommandLine;
using Broadcaster.Infrastructure;

namespace Broadcaster.Networks;

/// <summary>`network add-area | areas | set-area-zips | remove-area`: the named areas a network serves.</summary>
public static class AreaCli
{
    public static Command AddArea(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var slug = CliContext.Option<string>("--slug", "The area's slug, unique across networks (deep links, JOIN <slug>), e.g. long-beach.");
        var name = CliContext.Option<string>("--name", "Its name as people read it, e.g. \"Long Beach\".");
        var counties = CliContext.Option<string>("--counties", "Whole counties it covers, comma-separated county slugs.", required: false);
        var zips = CliContext.Option<string>("--zips", "ZIP codes it covers, comma-separated, e.g. 90802,90803.", required: false);
        var command = new Command("add-area", "Add an area to a network: the union of --counties and --zips (at least one); areas may overlap.")
            { network, slug, name, counties, zips };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var area = await sp.GetRequiredService<AreaStore>().AddAsync(
                r.GetValue(network)!, r.GetValue(slug)!.Trim(), r.GetValue(name)!, Split(r.GetValue(counties)), Split(r.GetValue(zips)));
            context.Out.WriteLine($"Area '{area.Slug}' ({area.Name}) added to '{area.NetworkSlug}': {Zips(area.ZipCount)} in {string.Join(", ", area.Counties)}.");
            return 0;
        }));
        return command;
    }

    public static Command Areas(CliContext context)
    {
        var network = CliContext.Option<string>("--network", "The network's slug.");
        var command = new Command("areas", "List a network's areas: slug, name, counties, ZIP count, subscribers per channel (counts only).") { network };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var slug = r.GetValue(network)!;
            var found = await sp.GetRequiredService<NetworkStore>().FindBySlugAsync(slug)
                ?? throw new CommandException($"there is no network '{slug}' (see network list)");
            var areas = await sp.GetRequiredService<AreaStore>().AudienceAsync(found.Id);
            if (areas.Count == 0)
                context.Out.WriteLine($"Network '{slug}' has no areas yet (add one with 'network add-area').");
            foreach (var a in areas)
                context.Out.WriteLine($"{a.Slug}\t{a.Name}\tcounties {string.Join(',', a.Counties)}\t{Zips(a.ZipCount)}\tsms {a.Sms}\ttelegram {a.Telegram}");
            return 0;
        }));
        return command;
    }

    public static Command SetAreaZips(CliContext context)
    {
        var area = CliContext.Option<string>("--area", "The area's slug.");
        var zips = CliContext.Option<string>("--zips", "Its ZIP codes, comma-separated (they replace the ones given before; its whole counties stay).");
        var command = new Command("set-area-zips", "Change an area's ZIP codes; its subscribers keep it as their home.") { area, zips };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var changed = await sp.GetRequiredService<AreaStore>().SetZipsAsync(r.GetValue(area)!, Split(r.GetValue(zips)));
            context.Out.WriteLine($"Area '{changed.Slug}' now covers {Zips(changed.ZipCount)} in {string.Join(", ", changed.Counties)}.");
            return 0;
        }));
        return command;
    }

    public static Command RemoveArea(CliContext context)
    {
        var area = CliContext.Option<string>("--area", "The area's slug.");
        var command = new Command("remove-area", "Remove an area nobody is subscribed to (refused while it has subscribers).") { area };
        command.SetAction((r, _) => context.WithServicesAsync(async sp =>
        {
            var slug = r.GetValue(area)!;
            await sp.GetRequiredService<AreaStore>().RemoveAsync(slug, sp.GetRequiredService<TimeProvider>().GetUtcNow());
            context.Out.WriteLine($"Area '{slug}' removed.");
            return 0;
        }));
        return command;
    }

    /// <summary>"a, b,,c" → [a, b, c]; null → [].</summary>
    internal static string[] Split(string? list) =>
        list?.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static string Zips(int count) => $"{count} ZIP code{(count == 1 ? "" : "s")}";
}
