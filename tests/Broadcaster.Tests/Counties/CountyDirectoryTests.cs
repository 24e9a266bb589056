using Broadcaster.Counties;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Counties;

public sealed class CountyDirectoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CountyDirectory _counties = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _counties = new CountyDirectory(_db.DataSource);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("los-angeles", "los-angeles")]
    [InlineData("los angeles", "los-angeles")]
    [InlineData("LOS ÁNGELES", "los-angeles")]
    [InlineData("  Los   Angeles!  ", "los-angeles")]
    [InlineData("la", "los-angeles")]
    [InlineData("L.A.", "los-angeles")]
    [InlineData("SF", "san-francisco")]
    [InlineData("san francisco", "san-francisco")]
    [InlineData("Contra Costa", "contra-costa")]
    [InlineData("coco", "contra-costa")]
    [InlineData("SLO", "san-luis-obispo")]
    [InlineData("94110", "san-francisco")]
    [InlineData("94110-1234", "san-francisco")]
    [InlineData("90001", "los-angeles")]
    [InlineData("alpine", "alpine")]
    public async Task Resolve_KnownNameAliasOrZip_FindsCounty(string input, string expected)
    {
        var county = await _counties.ResolveAsync(input);

        Assert.Equal(expected, county?.Slug);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("atlantis")]
    [InlineData("10001")]
    [InlineData("9411")]
    [InlineData("94110-12345678")]
    [InlineData("'; DROP TABLE counties; --")]
    public async Task Resolve_UnknownText_FindsNothing(string input)
    {
        Assert.Null(await _counties.ResolveAsync(input));
    }

    [Fact]
    public async Task All_ListsEveryCaliforniaCounty()
    {
        var all = await _counties.AllAsync();

        Assert.Equal(58, all.Count);
        Assert.Contains(all, c => c.Slug == "los-angeles" && c.Fips == "06037" && c.Aliases.Contains("LA"));
    }
}
