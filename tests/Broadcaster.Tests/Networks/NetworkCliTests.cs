using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Networks;

/// <summary>The operator's sender and fallback-language commands, through the real CLI.</summary>
public sealed class NetworkCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    private async Task<(string? From, string? Service, double? Rate, string Fallback)> RowAsync(string slug) =>
        (await _db.QueryAsync<(string?, string?, double?, string)>(
            "SELECT sms_from, sms_service, sms_rate, fallback_language FROM networks WHERE slug = @slug", new { slug })).Single();

    [Fact]
    public async Task NetworkSender_AddSetAndBackToDefault_StoredAndListed()
    {
        var add = await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa", "--sms-from", "(707) 555-0100", "--sms-rate", "3");
        var added = await RowAsync("north-bay");
        var service = await RunAsync("network", "set-sms-sender", "--network", "north-bay", "--service", "MG0123456789abcdef0123456789abcdef", "--rate", "10");
        var serviced = await RowAsync("north-bay");
        var back = await RunAsync("network", "set-sms-sender", "--network", "north-bay", "--default");
        var list = await RunAsync("network", "list");

        Assert.Equal(0, add.Code);
        Assert.Equal(("+17075550100", null, 3.0, "en"), added);
        Assert.Equal(0, service.Code);
        Assert.Equal((null, "MG0123456789abcdef0123456789abcdef", 10.0, "en"), serviced);
        Assert.Equal(0, back.Code);
        Assert.Equal((null, null, null, "en"), await RowAsync("north-bay"));
        Assert.Contains("sms from the default sender", list.Out);
    }

    [Theory]
    [InlineData("give either --sms-from or --sms-service", "network", "add", "--slug", "x", "--name", "X", "--counties", "napa", "--sms-from", "+17075550100", "--sms-service", "MG0123456789abcdef0123456789abcdef")]
    [InlineData("not a Messaging Service SID", "network", "add", "--slug", "x", "--name", "X", "--counties", "napa", "--sms-service", "MG12")]
    [InlineData("--sms-rate needs the network's own sender", "network", "add", "--slug", "x", "--name", "X", "--counties", "napa", "--sms-rate", "5")]
    [InlineData("exactly one of --from", "network", "set-sms-sender", "--network", "taken", "--from", "+17075550101", "--default")]
    [InlineData("already sends from +16195550100", "network", "set-sms-sender", "--network", "taken", "--from", "+1 619 555 0100")]
    [InlineData("no network 'nope'", "network", "set-sms-sender", "--network", "nope", "--default")]
    [InlineData("not a supported language", "network", "set-fallback-language", "--network", "taken", "--language", "klingon")]
    public async Task NetworkSender_BadInput_ExitsNonZeroWithOneLineAndChangesNothing(string message, params string[] args)
    {
        Assert.Equal(0, (await RunAsync("network", "add", "--slug", "taken", "--name", "T", "--counties", "marin")).Code);
        Assert.Equal(0, (await RunAsync("network", "add", "--slug", "sd", "--name", "SD", "--counties", "san-diego", "--sms-from", "+16195550100")).Code);

        var (code, _, err) = await RunAsync(args);

        Assert.NotEqual(0, code);
        Assert.Contains(message, err);
        Assert.Equal((null, null, null, "en"), await RowAsync("taken"));
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM networks"));
    }

    [Fact]
    public async Task SetFallbackLanguage_SpanishInAnyCase_Stored()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");

        var set = await RunAsync("network", "set-fallback-language", "--network", "north-bay", "--language", "ES");

        Assert.Equal(0, set.Code);
        Assert.Equal("es", (await RowAsync("north-bay")).Fallback);
    }

    [Fact]
    public async Task SetTimeZone_IanaZone_StoredAndUnknownZoneRefused()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");
        Assert.Equal("America/Los_Angeles", await _db.ScalarAsync<string>("SELECT time_zone FROM networks WHERE slug = 'north-bay'"));

        var set = await RunAsync("network", "set-time-zone", "--network", "north-bay", "--zone", "America/New_York");
        var bad = await RunAsync("network", "set-time-zone", "--network", "north-bay", "--zone", "Mars/Olympus_Mons");

        Assert.Equal(0, set.Code);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("not a time zone", bad.Err);
        Assert.Equal("America/New_York", await _db.ScalarAsync<string>("SELECT time_zone FROM networks WHERE slug = 'north-bay'"));
    }
}
