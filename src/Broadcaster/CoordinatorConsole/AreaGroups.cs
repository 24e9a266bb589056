using Broadcaster.Networks;

namespace Broadcaster.CoordinatorConsole;

/// <summary>The areas lying in one county (or, for <see cref="Counties"/> of more than one, across the same county line).</summary>
public sealed record AreaGroup(IReadOnlyList<string> Counties, IReadOnlyList<AreaAudience> Areas);

/// <summary>
/// A network's areas as a coordinator picks them: grouped by the county they lie in, so that "Los Angeles County" and
/// "Long Beach" sit together and the county-wide area comes first. An area crossing a county line (Pajaro Valley:
/// Santa Cruz and Monterey) forms its own group, named by all its counties, rather than appearing twice.
/// </summary>
public static class AreaGroups
{
    /// <param name="countyName">A county's name from its slug (the reference data).</param>
    public static IReadOnlyList<AreaGroup> Of(IEnumerable<AreaAudience> areas, Func<string, string> countyName) => areas
        .GroupBy(a => string.Join("|", a.Counties.Order(StringComparer.Ordinal)))
        .Select(g => new AreaGroup(
            [.. g.First().Counties.Select(countyName).Order(StringComparer.Ordinal)],
            [.. g.OrderByDescending(a => a.WholeCounty is not null).ThenByDescending(a => a.ZipCount).ThenBy(a => a.Name, StringComparer.Ordinal)]))
        .OrderBy(g => g.Counties.Count > 1)
        .ThenBy(g => string.Join(", ", g.Counties), StringComparer.Ordinal)
        .ToList();

    /// <summary>"1 ZIP code", "12 ZIP codes" in the coordinator's language.</summary>
    public static string ZipCodes(ConsoleText t, int count) => count == 1 ? t["1 ZIP code"] : t.Format("{0} ZIP codes", count);
}
