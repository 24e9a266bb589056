using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

/// <summary>
/// The executable's commands: migrate, network add, coordinator add, serve (the default).
/// User errors print one line to stderr and exit 1; configuration errors exit 2.
/// </summary>
public static class Cli
{
    public const string Usage = """
        usage:
          Broadcaster migrate
          Broadcaster network add --slug north-bay --name "North Bay RRN" --counties napa,solano,sonoma [--hotline +17075550100]
          Broadcaster coordinator add --network north-bay --name "Ana" [--phone +17075550111] [--telegram-user-id 12345]
          Broadcaster network set-telegram-channel --network north-bay --county napa --chat-id -1001234567890 (or none)
          Broadcaster serve
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Action<WebApplicationBuilder>? configure = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var command = args.Length == 0 || args[0].StartsWith('-') ? "serve" : args[0];
        try
        {
            return command switch
            {
                "serve" => await ServeAsync(args.SkipWhile(a => a == "serve").ToArray(), configure),
                "migrate" => await WithServicesAsync(configure, migrateFirst: false, async sp =>
                {
                    var applied = await sp.GetRequiredService<Migrator>().MigrateAsync();
                    stdout.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                    return 0;
                }),
                "network" when args.ElementAtOrDefault(1) == "add" => await WithServicesAsync(configure, migrateFirst: true, sp => AddNetworkAsync(sp, Flags(args[2..]), stdout)),
                "network" when args.ElementAtOrDefault(1) == "set-telegram-channel" => await WithServicesAsync(configure, migrateFirst: true, sp => SetTelegramChannelAsync(sp, Flags(args[2..]), stdout)),
                "coordinator" when args.ElementAtOrDefault(1) == "add" => await WithServicesAsync(configure, migrateFirst: true, sp => AddCoordinatorAsync(sp, Flags(args[2..]), stdout)),
                "help" or "--help" => Print(stdout, Usage, 0),
                _ => Print(stderr, $"unknown command '{string.Join(' ', args.Take(2))}'\n{Usage}", 1),
            };
        }
        catch (CommandException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is StartupException or OptionsValidationException)
        {
            stderr.WriteLine($"configuration error: {OneLine(e)}");
            return 2;
        }
    }

    private static async Task<int> ServeAsync(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var app = AppHost.Build(args, configure);
        AppHost.ValidateSettings(app.Services);
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> WithServicesAsync(Action<WebApplicationBuilder>? configure, bool migrateFirst, Func<IServiceProvider, Task<int>> action)
    {
        // Commands read the same configuration as `serve` (appsettings, environment) but take no
        // host arguments: their flags are theirs.
        await using var app = AppHost.Build([], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Configuration["Broadcaster:Role"] = "Web"; // a command starts no job servers
            configure?.Invoke(b);
        });
        AppHost.ValidateSettings(app.Services);
        if (migrateFirst)
            await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        return await action(app.Services);
    }

    private static async Task<int> AddNetworkAsync(IServiceProvider sp, Dictionary<string, string> flags, TextWriter stdout)
    {
        var counties = Required(flags, "counties").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var network = await sp.GetRequiredService<NetworkStore>().AddAsync(
            Required(flags, "slug"), Required(flags, "name"), counties, flags.GetValueOrDefault("hotline"));
        stdout.WriteLine($"Network '{network.Slug}' ({network.Name}) added with {counties.Length} count{(counties.Length == 1 ? "y" : "ies")}.");
        return 0;
    }

    private static async Task<int> AddCoordinatorAsync(IServiceProvider sp, Dictionary<string, string> flags, TextWriter stdout)
    {
        long? telegramUserId = null;
        if (flags.TryGetValue("telegram-user-id", out var raw))
            telegramUserId = long.TryParse(raw, out var id) ? id : throw new CommandException("--telegram-user-id must be a number");
        var (coordinator, key) = await sp.GetRequiredService<CoordinatorStore>().AddAsync(
            Required(flags, "network"), Required(flags, "name"), flags.GetValueOrDefault("phone"), telegramUserId);
        stdout.WriteLine($"Coordinator {coordinator.Id} ({coordinator.Name}) added. API key, shown once:");
        stdout.WriteLine(key);
        return 0;
    }

    private static async Task<int> SetTelegramChannelAsync(IServiceProvider sp, Dictionary<string, string> flags, TextWriter stdout)
    {
        var raw = Required(flags, "chat-id");
        long? chatId = raw == "none" ? null
            : long.TryParse(raw, out var id) ? id : throw new CommandException("--chat-id must be a number such as -1001234567890, or none");
        var (network, county) = (Required(flags, "network"), Required(flags, "county"));
        await sp.GetRequiredService<Channels.Telegram.CountyChannels>().SetAsync(network, county, chatId);
        stdout.WriteLine(chatId is null ? $"Telegram channel of '{county}' cleared." : $"Alerts for '{county}' will also be posted to Telegram channel {chatId}.");
        return 0;
    }

    private static Dictionary<string, string> Flags(string[] args)
    {
        var flags = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length || args[i + 1].StartsWith("--"))
                throw new CommandException($"expected '--name value' pairs, got '{args[i]}'");
            flags[args[i][2..]] = args[++i];
        }
        return flags;
    }

    private static string Required(Dictionary<string, string> flags, string name) =>
        flags.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new CommandException($"--{name} is required");

    private static int Print(TextWriter writer, string text, int code)
    {
        writer.WriteLine(text);
        return code;
    }

    private static string OneLine(Exception e) =>
        (e is OptionsValidationException o ? o.Failures.First() : e.Message).ReplaceLineEndings(" ");
}
