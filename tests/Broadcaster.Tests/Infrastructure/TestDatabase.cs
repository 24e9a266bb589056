using Broadcaster.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the PostgreSQL that ./test.sh starts (BROADCASTER_TEST_PG).
/// There is no fallback: without a database these tests fail, they never skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _name;

    private TestDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("BROADCASTER_TEST_PG") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("BROADCASTER_TEST_PG is not set: run the suite with ./test.sh, which starts a throwaway PostgreSQL");

    /// <summary>An empty database; <paramref name="migrate"/> applies the production migrations.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var name = "bt_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync("CREATE DATABASE " + name); // generated name, never input
        }
        var db = new TestDatabase(name, new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString);
        if (migrate)
            await db.MigrateAsync();
        return db;
    }

    public Task<IReadOnlyList<string>> MigrateAsync() =>
        new Migrator(DataSource, NullLogger<Migrator>.Instance).MigrateAsync();

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"no value for: {sql}");
    }

    public async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return await conn.ExecuteAsync(sql, args);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync("DROP DATABASE IF EXISTS " + _name + " WITH (FORCE)");
    }
}
