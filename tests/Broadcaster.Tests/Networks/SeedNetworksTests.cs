using System.Text;
using Broadcaster.Infrastructure;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Networks;

/// <summary>
/// Every network of the joint statement (seed-networks.csv, a copy of shared/data's) set up through the CLI in one
/// deployment, as an operator would: `network add` with its own number, then `network add-area` per row. Networks
/// overlap (Los Angeles County has four, Santa Clara two) and areas cross county lines (Pajaro Valley).
/// </summary>
public sealed class SeedNetworksTests : IAsyncLifetime
{
    private SmsTestbed _t = null!;
    private List<SeedArea> _rows = null!;
    private Dictionary<string, string> _numbers = null!;

    private sealed record SeedArea(string Network, string NetworkName, string Slug, string Name, string[] Counties, string[] Zips);

    public async Task InitializeAsync()
    {
        _t = await SmsTestbed.StartAsync(networks: false);
        _rows = ReadCsv(Path.Combine(AppContext.BaseDirectory, "Networks", "seed-networks.csv"));
        var networks = _rows.Select(r => (r.Network, r.NetworkName)).Distinct().ToList();
        // Each network its own (fictional) number, so a JOIN can be texted to it.
        _numbers = networks.Select((n, i) => (n.Network, Number: $"+1415555{100 + i:0000}")).ToDictionary(x => x.Network, x => x.Number);
        foreach (var (slug, name) in networks)
            await CliAsync("network", "add", "--slug", slug, "--name", name, "--sms-from", _numbers[slug]);
        foreach (var row in _rows)
        {
            var args = new List<string> { "network", "add-area", "--network", row.Network, "--slug", row.Slug, "--name", row.Name };
            if (row.Counties.Length > 0)
                args.AddRange(["--counties", string.Join(',', row.Counties)]);
            if (row.Zips.Length > 0)
                args.AddRange(["--zips", string.Join(',', row.Zips)]);
            await CliAsync([.. args]);
        }
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task SeedNetworks_AllSetUpThroughTheCli_EachAreaHasItsZipCount()
    {
        Assert.Equal(20, _rows.Count);
        foreach (var row in _rows)
        {
            var expected = await _t.Db.ScalarAsync<long>(
                "SELECT count(DISTINCT zip) FROM zip_counties WHERE county_slug = ANY (@counties) OR zip = ANY (@zips::bpchar[])",
                new { counties = row.Counties, zips = row.Zips });
            var listed = (await CliAsync("network", "areas", "--network", row.Network)).Split('\n').Single(l => l.StartsWith(row.Slug + "\t", StringComparison.Ordinal));

            Assert.Contains($"\t{expected} ZIP codes\t", listed);
            Assert.Contains($"\t{row.Name}\t", listed);
        }
        // Spot checks against the reference data: every ZIP of Los Angeles County; the Long Beach list as given.
        Assert.Equal(285, await ZipCountAsync("los-angeles"));
        Assert.Equal(11, await ZipCountAsync("long-beach"));
        Assert.Equal(["santa-cruz"], await _t.Db.QueryAsync<string>("SELECT unnest(in_counties) FROM areas WHERE slug = 'pajaro-valley'"));
        Assert.Equal(4L, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM areas WHERE 'los-angeles' = ANY (in_counties)"));
    }

    [Fact]
    public async Task SeedNetworks_JoinByAZipOfEachAreaAtItsNetworksNumber_LandsInThatNetworksArea()
    {
        var i = 0;
        foreach (var row in _rows)
        {
            var zip = row.Zips.FirstOrDefault() ?? await _t.Db.ScalarAsync<string>(
                "SELECT min(zip)::text FROM zip_counties WHERE county_slug = @county", new { county = row.Counties[0] });
            var from = $"+1310555{100 + i++:0000}";

            var reply = await _t.TextAtAsync(_numbers[row.Network], from, $"JOIN {zip}");

            Assert.Equal($"{row.Slug}:pending", await _t.CountiesAsync(from));
            Assert.StartsWith(row.NetworkName + ":", reply);
        }
    }

    private Task<long> ZipCountAsync(string slug) => _t.Db.ScalarAsync<long>("SELECT cardinality(zips) FROM areas WHERE slug = @slug", new { slug });

    private async Task<string> CliAsync(params string[] args)
    {
        var (code, stdout, stderr) = await _t.Db.RunCliAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    private static List<SeedArea> ReadCsv(string path)
    {
        static string[] List(string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(Fields)
            .Select(f => new SeedArea(f[0], f[1], f[2], f[3], List(f[4]), List(f[5]))).ToList();
    }

    /// <summary>One CSV line's fields; a quoted field may hold commas ("Services, Immigrant Rights &amp; Education Network").</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
