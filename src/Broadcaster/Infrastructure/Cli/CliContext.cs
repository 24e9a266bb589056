using System.CommandLine;

namespace Broadcaster.Infrastructure;

/// <summary>What every command needs: where to print, and the same composition `serve` uses.</summary>
public sealed class CliContext(TextWriter stdout, Action<WebApplicationBuilder>? configure)
{
    public TextWriter Out => stdout;

    internal Action<WebApplicationBuilder>? Configure => configure;

    /// <summary>
    /// Runs a command against the configured services. Commands read the same configuration as `serve`
    /// (appsettings, environment) but take no host arguments, start no job servers, and by default
    /// migrate first so a fresh database just works.
    /// </summary>
    public async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action, bool migrateFirst = true)
    {
        await using var app = AppHost.Build([], b =>
        {
            // Quiet: a command's stdout is for its answer (a key on the last line), not the service's logs.
            b.Configuration["Logging:LogLevel:Default"] = "Warning";
            b.Configuration["Broadcaster:Role"] = "Web";
            configure?.Invoke(b);
        });
        AppHost.ValidateSettings(app.Services);
        if (migrateFirst)
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync();
            await app.Services.GetRequiredService<Privacy.BlindIndexCheck>().VerifyAsync();
        }
        return await action(app.Services);
    }

    /// <summary>A `--name value` option, required unless said otherwise.</summary>
    public static Option<T> Option<T>(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required };
}
