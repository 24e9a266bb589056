using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace Broadcaster.Infrastructure;

public static class DatabaseSetup
{
    // Dapper's setting is process-wide: set it when the assembly loads, not when a host is built, so a store used
    // before any host (a CLI path, a test's seed) maps snake_case columns the same way.
#pragma warning disable CA2255 // a module initializer is the point here
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void MapSnakeCase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ =>
        {
            var cs = config.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(cs))
                throw new StartupException("ConnectionStrings:Postgres is required (./run.sh starts a local PostgreSQL when it is not set)");
            return new NpgsqlDataSourceBuilder(cs).Build();
        });
        services.AddSingleton<Migrator>();
        return services;
    }
}

/// <summary>A configuration problem that stops start-up with one line naming the key.</summary>
public sealed class StartupException(string message) : Exception(message);
