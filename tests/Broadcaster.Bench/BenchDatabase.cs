using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Bench;

/// <summary>A fresh, migrated database per scenario on the PostgreSQL that bench.sh starts.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public const string EncryptionKey = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDE=";

    private readonly string _name;

    private BenchDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static string Admin => Environment.GetEnvironmentVariable("BROADCASTER_BENCH_PG") is { Length: > 0 } cs
        ? cs : throw new InvalidOperationException("BROADCASTER_BENCH_PG is not set: run ./bench.sh");

    public static AddressProtector Protector { get; } = new(Options.Create(new PrivacyOptions { EncryptionKey = EncryptionKey }));

    public static async Task<BenchDatabase> CreateAsync()
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(Admin))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync("CREATE DATABASE " + name); // generated name, never input
        }
        var db = new BenchDatabase(name, new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString);
        await new Migrator(db.DataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    // A county-wide area as `network add --counties` makes it (slug and whole county: the county's).
    private const string CountyArea = """
        INSERT INTO areas (network_id, slug, name, counties, zips, in_counties, whole_county)
        SELECT @networkId, @county, @county, ARRAY[@county], array_agg(zip::text ORDER BY zip), ARRAY[@county], @county
        FROM zip_counties WHERE county_slug = @county
        """;

    // A neighbourhood inside Los Angeles County (the Long Beach ZIP codes): the planning bench's alerts target it.
    private const string NeighbourhoodArea = """
        INSERT INTO areas (network_id, slug, name, given_zips, zips, in_counties)
        VALUES (@networkId, 'bench-long-beach', 'Long Beach', '{90802,90803,90804,90805,90806,90807,90808,90810,90813,90814,90815}',
                '{90802,90803,90804,90805,90806,90807,90808,90810,90813,90814,90815}', '{los-angeles}')
        """;

    /// <summary>A network on Los Angeles and Orange (and Long Beach inside Los Angeles) and its coordinator; returns (networkId, authorId).</summary>
    public async Task<(long NetworkId, long AuthorId)> NetworkAsync()
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        var networkId = await conn.ExecuteScalarAsync<long>("INSERT INTO networks (slug, name) VALUES ('bench', 'Bench RRN') RETURNING id");
        await conn.ExecuteAsync(CountyArea, new { networkId, county = "los-angeles" });
        await conn.ExecuteAsync(CountyArea, new { networkId, county = "orange" });
        await conn.ExecuteAsync(NeighbourhoodArea, new { networkId });
        var authorId = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO coordinators (network_id, name, api_key_hash) VALUES (@networkId, 'Ana', decode(md5('bench'), 'hex')) RETURNING id", new { networkId });
        return (networkId, authorId);
    }

    // Planning never decrypts, so placeholder ciphertexts do. Homes: half the county of Los Angeles, half Long Beach
    // inside it, every tenth Orange County too: an alert to Long Beach reaches everyone by area overlap, each once.
    private const string SyntheticSubscribers = """
        INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
        SELECT 'sms', decode(md5('i' || i) || md5('j' || i), 'hex'), decode(md5('c' || i), 'hex'), 1,
               CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, 'active'
        FROM generate_series(1, @count) i;
        INSERT INTO subscriptions (subscriber_id, area_id, status)
        SELECT s.id, a.id, 'active' FROM subscribers s
        JOIN areas a ON a.slug = CASE WHEN s.id % 2 = 0 THEN 'los-angeles' ELSE 'bench-long-beach' END;
        INSERT INTO subscriptions (subscriber_id, area_id, status)
        SELECT s.id, a.id, 'active' FROM subscribers s JOIN areas a ON a.slug = 'orange' WHERE s.id % 10 = 0;
        ANALYZE subscribers; ANALYZE subscriptions;
        """;

    public async Task SyntheticSubscribersAsync(int count)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(new Dapper.CommandDefinition(SyntheticSubscribers, new { count }, commandTimeout: 1200));
    }

    private const string RealSubscribers = """
        WITH s AS (
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', i, c, @keyId, CASE WHEN n % 3 = 0 THEN 'es' ELSE 'en' END, 'active'
            FROM unnest(@indexes, @ciphers) WITH ORDINALITY AS u(i, c, n)
            RETURNING id
        )
        INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT id, (SELECT id FROM areas WHERE slug = @county), 'active' FROM s
        """;

    /// <summary>Subscribers with real encrypted numbers +1NPA55NNNNN (dispatch decrypts them); returns the numbers.</summary>
    public async Task<List<string>> RealSubscribersAsync(int count, string county, int areaCode)
    {
        var numbers = Enumerable.Range(0, count).Select(i => $"+1{areaCode}55{i:00000}").ToList();
        var protectedNumbers = numbers.Select(n => Protector.Protect("sms", n)).ToList();
        await using var conn = await DataSource.OpenConnectionAsync();
        foreach (var chunk in protectedNumbers.Chunk(5000))
            await conn.ExecuteAsync(RealSubscribers, new
            {
                indexes = chunk.Select(p => p.Index).ToArray(),
                ciphers = chunk.Select(p => p.Cipher).ToArray(),
                keyId = chunk[0].KeyId,
                county,
            });
        return numbers;
    }

    public const string ShortTexts = """{"en":"Checkpoint reported at Main St","es":"Retén reportado en Main St"}""";

    /// <param name="texts">The alert's texts by language, as JSON; <see cref="ShortTexts"/> (one GSM-7 segment) unless given.</param>
    public async Task<long> AlertAsync(long networkId, long authorId, string[] counties, string texts = ShortTexts)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, expires_at, verified_at)
            VALUES (@networkId, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = ANY (@counties)), @texts::jsonb, 'verified', @authorId,
                    now() + interval '2 hours', now())
            RETURNING id
            """, new { networkId, authorId, counties, texts });
    }

    /// <summary>
    /// <paramref name="count"/> more networks, each on one county of its own (after Los Angeles and Orange) and with its
    /// own SMS sender (from-number +1415555NNNN at <paramref name="rate"/> segments/s); returns (networkId, authorId, county, from).
    /// </summary>
    public async Task<List<(long NetworkId, long AuthorId, string County, string From)>> NetworksWithOwnSenderAsync(int count, double rate)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        var counties = (await conn.QueryAsync<string>(
            "SELECT slug FROM counties WHERE slug NOT IN ('los-angeles', 'orange') ORDER BY slug LIMIT @count", new { count })).AsList();
        if (counties.Count < count)
            throw new InvalidOperationException($"only {counties.Count} counties for {count} networks");
        var result = new List<(long, long, string, string)>();
        for (var i = 0; i < count; i++)
        {
            var from = $"+1415555{i:0000}";
            var networkId = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO networks (slug, name, sms_from, sms_rate) VALUES (@slug, @name, @from, @rate) RETURNING id",
                new { slug = $"bench-{i}", name = $"Bench {i}", from, rate });
            await conn.ExecuteAsync(CountyArea, new { networkId, county = counties[i] });
            var authorId = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO coordinators (network_id, name, api_key_hash) VALUES (@networkId, 'Ana', decode(md5(@key), 'hex')) RETURNING id",
                new { networkId, key = $"bench-{i}" });
            result.Add((networkId, authorId, counties[i], from));
        }
        return result;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await admin.ExecuteAsync("DROP DATABASE IF EXISTS " + _name + " WITH (FORCE)");
    }
}
