using System.Reflection;
using Dapper;
using Npgsql;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Applies the numbered scripts in sql/ (embedded in this assembly) in order, each once.
/// A session-level advisory lock makes concurrent starts safe: the second waits, then finds nothing to do.
/// </summary>
public sealed class Migrator(NpgsqlDataSource db, ILogger<Migrator> log)
{
    private const long LockKey = 0x6272_6f61_6463_6173; // "broadcas"

    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name       text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync("SELECT pg_advisory_lock(@LockKey)", new { LockKey });
        try
        {
            await conn.ExecuteAsync(CreateLedger);
            var applied = (await conn.QueryAsync<string>("SELECT name FROM schema_migrations")).ToHashSet();
            var done = new List<string>();
            foreach (var (name, sql) in Scripts().Where(s => !applied.Contains(s.Name)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: 300, cancellationToken: ct));
                await conn.ExecuteAsync("INSERT INTO schema_migrations (name) VALUES (@name)", new { name }, tx);
                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {Migration}", name);
                done.Add(name);
            }
            return done;
        }
        finally
        {
            await conn.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    internal static IEnumerable<(string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql/")).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (resource["sql/".Length..], reader.ReadToEnd());
        }
    }
}
