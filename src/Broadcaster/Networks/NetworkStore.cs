using System.Text.RegularExpressions;
using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Networks;

public sealed partial class NetworkStore(NpgsqlDataSource db, CountyDirectory counties)
{
    private const string InsertNetwork = """
        INSERT INTO networks (slug, name, hotline) VALUES (@slug, @name, @hotline)
        ON CONFLICT (slug) DO NOTHING
        RETURNING id
        """;

    private const string InsertCounty = """
        INSERT INTO network_counties (network_id, county_slug) VALUES (@networkId, @county)
        ON CONFLICT (county_slug) DO NOTHING
        """;

    /// <summary>Creates a network; a bad slug, unknown county, duplicate or already-served county is a <see cref="CommandException"/> and writes nothing.</summary>
    public async Task<Network> AddAsync(string slug, string name, IReadOnlyList<string> countySlugs, string? hotline)
    {
        if (!SlugPattern().IsMatch(slug))
            throw new CommandException($"network slug '{slug}' must be lower-case letters, digits and dashes");
        if (string.IsNullOrWhiteSpace(name))
            throw new CommandException("network name must not be empty");
        if (countySlugs.Count == 0)
            throw new CommandException("a network needs at least one county (--counties a,b)");
        foreach (var county in countySlugs)
            if (await counties.FindBySlugAsync(county) is null)
                throw new CommandException($"unknown county '{county}' (use a slug such as los-angeles or san-diego)");
        string? normalizedHotline = null;
        if (hotline is not null && !PhoneNumber.TryNormalize(hotline, out var e164))
            throw new CommandException($"hotline '{hotline}' is not a valid phone number");
        else if (hotline is not null)
            PhoneNumber.TryNormalize(hotline, out normalizedHotline);

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.QuerySingleOrDefaultAsync<long?>(InsertNetwork, new { slug, name = name.Trim(), hotline = normalizedHotline }, tx)
            ?? throw new CommandException($"a network with slug '{slug}' already exists");
        foreach (var county in countySlugs.Distinct())
            if (await conn.ExecuteAsync(InsertCounty, new { networkId = id, county }, tx) == 0)
                throw new CommandException($"county '{county}' is already served by another network");
        await tx.CommitAsync();
        return new Network(id, slug, name.Trim(), normalizedHotline);
    }

    private const string SelectBySlug = "SELECT id, slug, name, hotline FROM networks WHERE slug = @slug";

    public async Task<Network?> FindBySlugAsync(string slug)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Network>(SelectBySlug, new { slug });
    }

    private const string SelectById = "SELECT id, slug, name, hotline FROM networks WHERE id = @id";

    public async Task<Network?> FindAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Network>(SelectById, new { id });
    }

    private const string SelectForCounty = """
        SELECT n.id, n.slug, n.name, n.hotline
        FROM networks n JOIN network_counties nc ON nc.network_id = n.id
        WHERE nc.county_slug = @county
        """;

    /// <summary>The network serving a county, or null when no network covers it yet.</summary>
    public async Task<Network?> ForCountyAsync(string county)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Network>(SelectForCounty, new { county });
    }

    private const string SelectCounties = "SELECT county_slug FROM network_counties WHERE network_id = @networkId ORDER BY county_slug";

    public async Task<IReadOnlyList<string>> CountiesAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(SelectCounties, new { networkId })).ToList();
    }

    private const string SelectAll = """
        SELECT n.id, n.slug, n.name, n.hotline, array_agg(nc.county_slug ORDER BY nc.county_slug) AS counties
        FROM networks n LEFT JOIN network_counties nc ON nc.network_id = n.id
        GROUP BY n.id ORDER BY n.slug
        """;

    /// <summary>Every network with its counties, for operators.</summary>
    public async Task<IReadOnlyList<(Network Network, string[] Counties)>> ListAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(long Id, string Slug, string Name, string? Hotline, string?[] Counties)>(SelectAll);
        return rows.Select(r => (new Network(r.Id, r.Slug, r.Name, r.Hotline), r.Counties.OfType<string>().ToArray())).ToList();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
