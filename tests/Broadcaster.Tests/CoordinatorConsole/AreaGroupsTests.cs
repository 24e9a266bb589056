using Broadcaster.CoordinatorConsole;
using Broadcaster.Networks;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AreaGroupsTests
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["los-angeles"] = "Los Angeles", ["monterey"] = "Monterey", ["santa-cruz"] = "Santa Cruz",
    };

    private static AreaAudience Area(string slug, int zips, string? whole, params string[] counties) =>
        new(slug, slug, counties, zips, whole, 0, 0);

    [Fact]
    public void Of_CountyAreaCityAreasAndOneAcrossACountyLine_GroupedByCountyCountyWideFirstCrossingLast()
    {
        var groups = AreaGroups.Of(
            [
                Area("pajaro-valley", 2, null, "monterey", "santa-cruz"),
                Area("boyle-heights", 3, null, "los-angeles"),
                Area("monterey", 26, "monterey", "monterey"),
                Area("los-angeles", 278, "los-angeles", "los-angeles"),
                Area("long-beach", 11, null, "los-angeles"),
            ],
            slug => Names[slug]);

        Assert.Equal(
            ["Los Angeles: los-angeles, long-beach, boyle-heights", "Monterey: monterey", "Monterey, Santa Cruz: pajaro-valley"],
            groups.Select(g => $"{string.Join(", ", g.Counties)}: {string.Join(", ", g.Areas.Select(a => a.Slug))}"));
    }

    [Fact]
    public void Of_NoAreas_NoGroups() => Assert.Empty(AreaGroups.Of([], slug => slug));
}
