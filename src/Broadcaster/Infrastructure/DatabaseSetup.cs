using Dapper;
using Npgsql;

namespace Broadcaster.Infrastructure;

public static class DatabaseSetup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration config)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
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
