namespace Broadcaster.Networks;

/// <summary>
/// A named area a network serves: the union of whole <see cref="GivenCounties"/> and <see cref="GivenZips"/>, which is
/// <see cref="ZipCount"/> ZIP codes lying in <see cref="Counties"/>. <see cref="WholeCounty"/> is the county it is
/// exactly (every ZIP of that county and nothing else), else null: such an area reads as "Napa County" in every language.
/// </summary>
public sealed record Area(
    long Id, long NetworkId, string NetworkSlug, string NetworkName, string? NetworkHotline, string? NetworkSmsFrom,
    string Slug, string Name, string[] Counties, string[] GivenCounties, string[] GivenZips, int ZipCount,
    string? WholeCounty, string? WholeCountyName)
{
    public Place Place => new(Name, WholeCountyName);
}

/// <summary>What a text calls an area: the county's name when the area is exactly one county, else the area's own name.</summary>
public sealed record Place(string Name, string? CountyName);

/// <summary>An area with its active subscribers per channel (counts only, never who).</summary>
public sealed record AreaAudience(string Slug, string Name, string[] Counties, int ZipCount, string? WholeCounty, int Sms, int Telegram);

/// <summary>How many active subscribers of an area read one language (both channels together).</summary>
public sealed record AreaLanguage(string Slug, string Language, int Count);
