using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Counties;

/// <summary>
/// Resolves what a person types (slug, name, alias, ZIP) to a county. The reference data is fixed by
/// migration, so it is read once and kept in memory: resolution runs on every inbound message.
/// </summary>
public sealed class CountyDirectory(NpgsqlDataSource db)
{
    // Aliases travel as one '|'-joined string: none contains '|', and Dapper cannot bind text[] to a record constructor.
    private const string SelectCounties = "SELECT slug, fips, name, array_to_string(aliases, '|') AS aliases FROM counties ORDER BY name";
    private const string SelectZips = "SELECT zip, county_slug FROM zip_counties";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<IReadOnlyList<County>> AllAsync() => (await LoadAsync()).Counties;

    public async Task<County?> FindBySlugAsync(string slug) =>
        (await LoadAsync()).BySlug.GetValueOrDefault(slug);

    /// <summary>The county a ZIP code lies in (its predominant county), or null for a ZIP the reference data lacks.</summary>
    public async Task<string?> CountyOfZipAsync(string zip) => (await LoadAsync()).ByZip.GetValueOrDefault(zip);

    /// <summary>Every ZIP code of a county, sorted.</summary>
    public async Task<IReadOnlyList<string>> ZipsOfAsync(string countySlug) =>
        (await LoadAsync()).ZipsByCounty.TryGetValue(countySlug, out var zips) ? zips : [];

    /// <summary>The five digits of a ZIP or ZIP+4 ("94110-1234"), or null when the text is not one.</summary>
    public static string? ZipOf(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length >= 5 && trimmed.Length <= 10 && trimmed[..5].All(char.IsAsciiDigit)
            && (trimmed.Length == 5 || (trimmed[5] == '-' && trimmed[6..].All(char.IsAsciiDigit)))
            ? trimmed[..5]
            : null;
    }

    /// <summary>Slug, name or alias (case, accents, spacing and punctuation ignored), or a ZIP code (ZIP+4 allowed).</summary>
    public async Task<County?> ResolveAsync(string? text)
    {
        var s = await LoadAsync();
        if (ZipOf(text) is { } zip)
            return s.ByZip.TryGetValue(zip, out var slug) ? s.BySlug[slug] : null;
        return s.ByKey.GetValueOrDefault(TextKey.Fold(text));
    }

    private async Task<Snapshot> LoadAsync()
    {
        if (_snapshot is { } ready)
            return ready;
        await _gate.WaitAsync();
        try
        {
            if (_snapshot is not null)
                return _snapshot;
            await using var conn = await db.OpenConnectionAsync();
            var counties = (await conn.QueryAsync<(string Slug, string Fips, string Name, string Aliases)>(SelectCounties))
                .Select(r => new County(r.Slug, r.Fips, r.Name, r.Aliases.Split('|', StringSplitOptions.RemoveEmptyEntries)))
                .ToList();
            var zips = (await conn.QueryAsync<(string Zip, string Slug)>(SelectZips)).ToDictionary(z => z.Zip.Trim(), z => z.Slug);
            var byKey = new Dictionary<string, County>();
            foreach (var c in counties)
                foreach (var key in c.Aliases.Append(c.Name).Append(c.Slug).Select(TextKey.Fold))
                    byKey.TryAdd(key, c);
            var byCounty = zips.GroupBy(z => z.Value).ToDictionary(g => g.Key, g => g.Select(z => z.Key).Order(StringComparer.Ordinal).ToList());
            return _snapshot = new Snapshot(counties, counties.ToDictionary(c => c.Slug), byKey, zips, byCounty);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Snapshot(
        List<County> Counties,
        Dictionary<string, County> BySlug,
        Dictionary<string, County> ByKey,
        Dictionary<string, string> ByZip,
        Dictionary<string, List<string>> ZipsByCounty);
}
