using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Options;

namespace Broadcaster.Infrastructure;

/// <summary>
/// The executable's commands (System.CommandLine): each feature's command group lives beside the feature
/// (Networks/NetworkCli, Coordinators/CoordinatorCli, ...); this file only wires them to the root. `serve` is the default. A user error prints one line to stderr and
/// exits 1; a configuration error exits 2.
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Action<WebApplicationBuilder>? configure = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var context = new CliContext(stdout, configure);
        var root = Root(context);
        // No response files: a value such as a Telegram "@channel" name is a value, not a file to read.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        try
        {
            if (parsed.Action is ParseErrorAction)
                return UserError(stderr, $"{parsed.Errors[0].Message} (see '{HelpHint(parsed)} --help')");
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CommandException e)
        {
            return UserError(stderr, e.Message);
        }
        catch (Exception e) when (e is StartupException or OptionsValidationException)
        {
            stderr.WriteLine($"configuration error: {OneLine(e)}");
            return 2;
        }
        catch (Npgsql.NpgsqlException e) when (IsUnreachable(e))
        {
            stderr.WriteLine($"configuration error: cannot use the database in ConnectionStrings:Postgres: {OneLine(e)}");
            return 2;
        }
    }

    /// <summary>The database cannot be reached or refuses us (as opposed to a failing statement, which is a bug).</summary>
    private static bool IsUnreachable(Npgsql.NpgsqlException e) =>
        e is not Npgsql.PostgresException pg || pg.SqlState.StartsWith("28", StringComparison.Ordinal) || pg.SqlState == "3D000";

    internal static RootCommand Root(CliContext context)
    {
        var root = new RootCommand("Broadcaster: SMS and Telegram alerts for Rapid Response Networks. Without a command it serves.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var serve = new Command("serve", "Run the service (HTTP and job servers, per Broadcaster:Role). Host options such as --urls pass through.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((r, _) => ServeAsync(context, r.UnmatchedTokens.ToArray()));
        root.SetAction((r, _) => r.UnmatchedTokens.FirstOrDefault() is { } first && !first.StartsWith('-')
            ? throw new CommandException($"unknown command '{first}' (see 'Broadcaster --help')")
            : ServeAsync(context, r.UnmatchedTokens.ToArray()));

        var migrate = new Command("migrate", "Apply the database migrations in sql/ that are not applied yet.");
        migrate.SetAction((_, _) => context.WithServicesAsync(async sp =>
        {
            var applied = await sp.GetRequiredService<Migrator>().MigrateAsync();
            context.Out.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }, migrateFirst: false));

        root.Add(serve);
        root.Add(migrate);
        root.Add(Networks.NetworkCli.Command(context));
        root.Add(Coordinators.CoordinatorCli.Command(context));
        root.Add(Operators.OperatorCli.Command(context));
        root.Add(Privacy.KeysCli.Command(context));
        PublicPages.PublicFeedCli.AddTo(root, context);
        return root;
    }

    private static async Task<int> ServeAsync(CliContext context, string[] hostArgs)
    {
        var app = AppHost.Build(hostArgs, context.Configure);
        AppHost.ValidateSettings(app.Services);
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        await app.RunAsync();
        return 0;
    }

    private static string HelpHint(ParseResult parsed)
    {
        var names = new List<string>();
        for (var c = parsed.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command is RootCommand ? "Broadcaster" : c.Command.Name);
        return string.Join(' ', names);
    }

    private static int UserError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return 1;
    }

    private static string OneLine(Exception e) =>
        (e is OptionsValidationException o ? o.Failures.First() : e.Message).ReplaceLineEndings(" ");
}
