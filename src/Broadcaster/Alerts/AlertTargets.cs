using Broadcaster.Counties;
using Broadcaster.Networks;

namespace Broadcaster.Alerts;

/// <summary>
/// What a coordinator names as an alert's target, resolved to one area of their own network: an area's slug or name,
/// a county (the network's area that is exactly that county), or a ZIP code (its smallest area holding it). Another network's area is refused (403) without
/// saying more than that it is not theirs, also where it overlaps one of theirs.
/// </summary>
public sealed class AlertTargets(AreaStore areas, CountyDirectory counties)
{
    public async Task<Outcome<Area>> ResolveAsync(string text, long networkId, string networkName) =>
        await FindAsync(text, networkId, networkName)
        ?? AlertError.BadRequest($"Unknown area or county '{text}' (use an area slug such as long-beach, or a county slug such as los-angeles).");

    /// <summary>The area, or why it cannot be targeted; null when the text names no area or county at all.</summary>
    public async Task<Outcome<Area>?> FindAsync(string text, long networkId, string networkName)
    {
        // A ZIP code names the network's most precise area holding it.
        if (CountyDirectory.ZipOf(text) is { } zip)
        {
            var holding = await areas.ContainingZipAsync(zip, networkId);
            if (holding.Count > 0)
                return holding[0];
            if (await counties.ResolveAsync(zip) is null)
                return null;
            return AlertError.Forbidden($"ZIP code {zip} is in none of your network's areas ({networkName}).");
        }
        var slug = text.Trim().ToLowerInvariant();
        var bySlug = await areas.FindBySlugAsync(slug);
        if (bySlug?.NetworkId == networkId)
            return bySlug;
        if (await counties.ResolveAsync(text) is { } county && CountyDirectory.ZipOf(text) is null)
        {
            var mine = (await areas.ForCountyAsync(county.Slug, networkId)).Where(a => a.WholeCounty == county.Slug).ToList();
            if (mine.Count > 0)
                return mine[0];
            var inside = await areas.InsideCountyAsync(county.Slug, networkId);
            return AlertError.Forbidden(inside.Count == 0
                ? $"{county.Name} county is not served by your network ({networkName})."
                : $"Your network ({networkName}) has no area that is all of {county.Name} County: name its areas ({string.Join(", ", inside.Select(a => a.Name))}).");
        }
        var named = await areas.NamedAsync(text, networkId);
        if (named.Count == 1)
            return named[0];
        if (named.Count > 1)
            return AlertError.BadRequest($"'{text}' names {named.Count} of your areas: use a slug ({string.Join(", ", named.Select(a => a.Slug))}).");
        if (bySlug is not null || (await areas.NamedAsync(text)).Count > 0)
            return AlertError.Forbidden($"'{text}' is not an area of your network ({networkName}).");
        return null;
    }
}
