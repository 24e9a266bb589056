using System.Text.RegularExpressions;
using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Networks;

/// <summary>
/// The areas networks serve (the one owner of the areas table). An area is written with its ZIP set already
/// resolved (counties expanded through the reference data), with the counties it lies in and the county it is
/// exactly, so that every read is a plain look-up. Removed areas stay for their alerts but are never found here.
/// </summary>
public sealed partial class AreaStore(NpgsqlDataSource db, CountyDirectory counties)
{
    internal const string Columns = """
        a.id, a.network_id, n.slug AS network_slug, n.name AS network_name, n.hotline AS network_hotline,
        n.sms_from AS network_sms_from, a.slug, a.name, a.in_counties AS counties, a.counties AS given_counties,
        a.given_zips, cardinality(a.zips) AS zip_count, a.whole_county, c.name AS whole_county_name
        """;

    internal const string From = """
        FROM areas a JOIN networks n ON n.id = a.network_id LEFT JOIN counties c ON c.slug = a.whole_county
        """;

    private const string SelectBySlug = "SELECT " + Columns + " " + From + " WHERE a.slug = @slug AND a.removed_at IS NULL";

    /// <summary>The live area of this slug (slugs are unique deployment-wide), or null.</summary>
    public async Task<Area?> FindBySlugAsync(string slug)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QuerySingleOrDefaultAsync<Row>(SelectBySlug, new { slug = slug.Trim().ToLowerInvariant() }))?.ToArea();
    }

    private const string SelectById = "SELECT " + Columns + " " + From + " WHERE a.id = ANY (@ids)";

    /// <summary>Areas by id, removed ones included (an alert's targets), in no particular order.</summary>
    public async Task<IReadOnlyList<Area>> FindByIdsAsync(IReadOnlyCollection<long> ids)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<Row>(SelectById, new { ids = ids.ToArray() })).Select(r => r.ToArea()).ToList();
    }

    private const string SelectAll = $"""
        SELECT {Columns} {From}
        WHERE a.removed_at IS NULL AND (@networkId::bigint IS NULL OR a.network_id = @networkId)
        ORDER BY a.name, a.id
        """;

    /// <summary>Every live area of one network (or of all, for null), by name.</summary>
    public async Task<IReadOnlyList<Area>> AllAsync(long? networkId = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<Row>(SelectAll, new { networkId })).Select(r => r.ToArea()).ToList();
    }

    private const string SelectContaining = $"""
        SELECT {Columns} {From}
        WHERE a.zips @> ARRAY[@zip]::text[] AND a.removed_at IS NULL AND (@networkId::bigint IS NULL OR a.network_id = @networkId)
        ORDER BY cardinality(a.zips), a.id
        """;

    /// <summary>The areas holding a ZIP code, smallest (most precise) first; of one network, or of all for null.</summary>
    public async Task<IReadOnlyList<Area>> ContainingZipAsync(string zip, long? networkId = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<Row>(SelectContaining, new { zip, networkId })).Select(r => r.ToArea()).ToList();
    }

    // held = how many of the county's ZIP codes the area holds: all of them means it covers the whole county.
    private const string SelectTouching = $"""
        SELECT {Columns},
               (SELECT count(*) FROM zip_counties z WHERE z.county_slug = @county AND z.zip::text = ANY (a.zips))::int AS held
        {From}
        WHERE @county = ANY (a.in_counties) AND a.removed_at IS NULL AND (@networkId::bigint IS NULL OR a.network_id = @networkId)
        ORDER BY a.network_id, cardinality(a.zips), a.name
        """;

    /// <summary>
    /// What JOIN &lt;county&gt; joins in each network serving it: the network's area that is exactly that county, else
    /// every area of the network inside the county, else its smallest area covering the whole county. Grouped by network.
    /// </summary>
    public async Task<IReadOnlyList<Area>> ForCountyAsync(string county, long? networkId = null)
    {
        var total = (await counties.ZipsOfAsync(county)).Count;
        await using var conn = await db.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Row>(SelectTouching, new { county, networkId })).ToList();
        var chosen = new List<Area>();
        foreach (var network in rows.GroupBy(r => r.NetworkId))
        {
            var areas = network.ToList();
            var exact = areas.Where(a => a.WholeCounty == county).ToList();
            var inside = areas.Where(a => a.Counties.Length == 1).ToList();
            var covering = areas.Where(a => a.Held == total).Take(1).ToList();
            chosen.AddRange((exact.Count > 0 ? exact : inside.Count > 0 ? inside : covering).Select(r => r.ToArea()));
        }
        return chosen;
    }

    /// <summary>Areas of a network (null: all networks) inside a county: every ZIP of theirs lies in it.</summary>
    public async Task<IReadOnlyList<Area>> InsideCountyAsync(string county, long? networkId = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<Row>(SelectTouching, new { county, networkId }))
            .Where(r => r.Counties.Length == 1).Select(r => r.ToArea()).ToList();
    }

    /// <summary>Live areas called this (slug, or name with case, accents and punctuation ignored); of one network or all.</summary>
    public async Task<IReadOnlyList<Area>> NamedAsync(string? text, long? networkId = null)
    {
        var key = TextKey.Fold(text);
        if (key.Length == 0)
            return [];
        var slug = text!.Trim().ToLowerInvariant();
        var all = await AllAsync(networkId);
        var bySlug = all.Where(a => a.Slug == slug).ToList();
        return bySlug.Count > 0 ? bySlug : all.Where(a => TextKey.Fold(a.Name) == key).ToList();
    }

    private const string SelectAudience = """
        SELECT a.slug, a.name, a.in_counties AS counties, cardinality(a.zips) AS zip_count, a.whole_county,
               (count(s.id) FILTER (WHERE s.channel = 'sms'))::int AS sms,
               (count(s.id) FILTER (WHERE s.channel = 'telegram'))::int AS telegram
        FROM areas a
        LEFT JOIN subscriptions sub ON sub.area_id = a.id AND sub.status = 'active'
        LEFT JOIN subscribers s ON s.id = sub.subscriber_id AND s.status = 'active'
        WHERE a.network_id = @networkId AND a.removed_at IS NULL
        GROUP BY a.id
        ORDER BY a.name, a.id
        """;

    /// <summary>A network's areas with their ZIP counts and active subscribers per channel: counts only, never who.</summary>
    public async Task<IReadOnlyList<AreaAudience>> AudienceAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<AudienceRow>(SelectAudience, new { networkId }))
            .Select(r => new AreaAudience(r.Slug, r.Name, r.Counties, r.ZipCount, r.WholeCounty, r.Sms, r.Telegram)).ToList();
    }

    private const string SelectLanguages = """
        SELECT a.slug, s.language, count(*)::int AS count
        FROM areas a
        JOIN subscriptions sub ON sub.area_id = a.id AND sub.status = 'active'
        JOIN subscribers s ON s.id = sub.subscriber_id AND s.status = 'active'
        WHERE a.network_id = @networkId AND a.removed_at IS NULL
        GROUP BY a.slug, s.language
        ORDER BY a.slug, count(*) DESC, s.language
        """;

    /// <summary>A network's active subscribers per area and language (both channels), most spoken first: counts only.</summary>
    public async Task<IReadOnlyList<AreaLanguage>> LanguagesAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<AreaLanguage>(SelectLanguages, new { networkId })).ToList();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex SlugPattern();

    // Dapper binds text[] to settable properties, not to a record's constructor.
    private sealed class Row
    {
        public long Id { get; init; }
        public long NetworkId { get; init; }
        public string NetworkSlug { get; init; } = "";
        public string NetworkName { get; init; } = "";
        public string? NetworkHotline { get; init; }
        public string? NetworkSmsFrom { get; init; }
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Counties { get; init; } = [];
        public string[] GivenCounties { get; init; } = [];
        public string[] GivenZips { get; init; } = [];
        public int ZipCount { get; init; }
        public string? WholeCounty { get; init; }
        public string? WholeCountyName { get; init; }
        public int Held { get; init; }

        public Area ToArea() => new(Id, NetworkId, NetworkSlug, NetworkName, NetworkHotline, NetworkSmsFrom, Slug, Name,
            Counties, GivenCounties, GivenZips, ZipCount, WholeCounty, WholeCountyName);
    }

    private sealed class AudienceRow
    {
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Counties { get; init; } = [];
        public int ZipCount { get; init; }
        public string? WholeCounty { get; init; }
        public int Sms { get; init; }
        public int Telegram { get; init; }
    }
}
