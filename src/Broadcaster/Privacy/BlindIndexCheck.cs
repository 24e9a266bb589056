using System.Security.Cryptography;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Privacy;

/// <summary>
/// Refuses to run with a blind-index key other than the one the database was filled with: the first run
/// stores the key's check value, every later run compares. Runs at start-up (a hosted service, so `serve`
/// and every test host) and in CLI commands.
/// </summary>
public sealed class BlindIndexCheck(NpgsqlDataSource db, AddressProtector protector) : IHostedService
{
    private const string Remember = """
        INSERT INTO privacy_keys (blind_index_check) VALUES (@check) ON CONFLICT DO NOTHING;
        SELECT blind_index_check FROM privacy_keys;
        """;

    public async Task VerifyAsync(CancellationToken ct = default)
    {
        var check = protector.BlindIndexCheck();
        await using var conn = await db.OpenConnectionAsync(ct);
        var stored = await conn.QuerySingleAsync<byte[]>(new CommandDefinition(Remember, new { check }, cancellationToken: ct));
        if (!CryptographicOperations.FixedTimeEquals(stored, check))
            throw new StartupException(
                "Privacy:BlindIndexKey does not match the key this database's blind index was made with (it defaults to Privacy:EncryptionKey): " +
                "set Privacy:BlindIndexKey to that original key, or STOP and JOIN would not find anyone stored");
    }

    public Task StartAsync(CancellationToken ct) => VerifyAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
