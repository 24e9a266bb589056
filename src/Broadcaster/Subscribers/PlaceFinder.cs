using System.Text.RegularExpressions;
using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Subscribers;

/// <summary>
/// What a typed place names (<see cref="Place"/>: null when it names nothing we know) and the areas it joins
/// (<see cref="Areas"/>: empty when no network serves it yet). <see cref="Zip"/> is set when a ZIP code was typed:
/// it only picks areas and is never stored.
/// </summary>
public sealed record PlaceMatch(Place? Place, IReadOnlyList<Area> Areas, string? Zip = null, string? County = null)
{
    public static readonly PlaceMatch None = new(null, []);
    public bool Known => Place is not null;
}

/// <summary>
/// Reads a place from what a person typed, in this order: a ZIP code (the smallest area of each network holding it),
/// an area's slug with a hyphen exactly ("los-angeles": a sign-up sheet's keyword names one area), a county by name or
/// alias (per network the area that is exactly that county, else its areas inside it), an area's name, then any other
/// area's slug ("longbeach"). Typed, "napa" is the county (every network's area of it); <paramref name="bySlug"/> (a
/// deep link or a button, which carry a slug) tries the slug first whatever its shape, so "napa" is that one area.
/// <paramref name="networkId"/> limits the areas to one network (a text to that network's own number).
/// </summary>
public sealed partial class PlaceFinder(CountyDirectory counties, AreaStore areas)
{
    public async Task<PlaceMatch> FindAsync(string? text, long? networkId = null, bool bySlug = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            return PlaceMatch.None;
        if (bySlug && await FindBySlugAsync(text, networkId) is { } linked)
            return linked;
        if (CountyDirectory.ZipOf(text) is { } zip)
        {
            if (await counties.ResolveAsync(zip) is not { } zipCounty)
                return PlaceMatch.None;
            var holding = (await areas.ContainingZipAsync(zip, networkId)).GroupBy(a => a.NetworkId).Select(g => g.First()).ToList();
            return new(new Place(zip, zipCounty.Name), holding, zip, zipCounty.Slug);
        }
        if (text.Contains('-') && await FindBySlugAsync(text, networkId) is { } hyphened)
            return hyphened;
        if (await FindCountyAsync(text) is { } county)
            return new(new Place(county.Name + " County", county.Name), await areas.ForCountyAsync(county.Slug, networkId), County: county.Slug);
        var named = await areas.NamedAsync(text, networkId);
        if (named.Count > 0)
            return new(named[0].Place, named);
        // A name of another network's area, asked at this network's number: known, but not served here.
        if (networkId is not null && await areas.NamedAsync(text) is { Count: > 0 } elsewhere)
            return new(elsewhere[0].Place, []);
        return await FindBySlugAsync(text, networkId) ?? PlaceMatch.None;
    }

    /// <summary>The area of that slug (at another network's number: known, but not served here); null when none has it.</summary>
    private async Task<PlaceMatch?> FindBySlugAsync(string text, long? networkId) =>
        await areas.FindBySlugAsync(text.Trim().ToLowerInvariant()) is { } area
            ? new(area.Place, networkId is null || area.NetworkId == networkId ? [area] : [])
            : null;

    /// <summary>
    /// A county from what a person typed: slug, name or alias, also with "County" or "condado de" around it
    /// ("Los Angeles County", "el condado de Napa").
    /// </summary>
    public async Task<County?> FindCountyAsync(string? text)
    {
        var folded = TextKey.Fold(text);
        var bare = CountyWords().Replace(folded, "");
        foreach (var candidate in new[] { text, CountySuffix().Replace(folded, ""), bare })
            if (CountyDirectory.ZipOf(candidate) is null && await counties.ResolveAsync(candidate) is { } county)
                return county;
        return null;
    }

    [GeneratedRegex(@"\s+(county|co|condado)$")]
    private static partial Regex CountySuffix();

    [GeneratedRegex(@"^(el\s+)?condado\s+de\s+|\s+(county|co|condado)$")]
    private static partial Regex CountyWords();
}
