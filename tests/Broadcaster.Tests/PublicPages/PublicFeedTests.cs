using System.Net;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Broadcaster.Infrastructure;
using Broadcaster.Tests.Alerts;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.PublicPages;

/// <summary>
/// /n/&lt;network&gt;/alerts.atom and /alerts/&lt;id&gt;.cap: off until the operator turns them on, then the network's
/// verified, non-drill alerts with their follow-ups, each CAP document valid against CAP 1.2.
/// </summary>
public sealed class PublicFeedTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";
    private AlertWorld _w = null!;
    private HttpClient _anyone = null!;

    public async Task InitializeAsync()
    {
        _w = await AlertWorld.StartAsync(new Dictionary<string, string?> { ["Twilio:PublicUrl"] = "https://alerts.example.org" });
        _anyone = new HttpClient { BaseAddress = _w.App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _anyone.Dispose();
        await _w.DisposeAsync();
    }

    private async Task<int> FeedCliAsync(string network, string flag)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(["network", "set-public-feed", "--network", network, flag], stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = "Testing";
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = _w.Db.ConnectionString,
                ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
                ["Twilio:Outbox"] = "true",
            });
        });
        Assert.True(code == 0, stderr.ToString());
        return code;
    }

    private async Task<long> VerifiedAsync(object body, bool verify = true)
    {
        var draft = await PostDraftAsync(_w.Ana, body);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var id = (await JsonAsync(draft)).GetProperty("id").GetInt64();
        if (verify)
            Assert.Equal(HttpStatusCode.OK, (await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null)).StatusCode);
        return id;
    }

    [Fact]
    public async Task Feed_AlertItsUpdateAndRetraction_InOrderAsAtomAndValidCap_NoDrillsNoDrafts()
    {
        var original = await VerifiedAsync(new { counties = new[] { "napa" }, texts = new { en = "ICE checkpoint confirmed at 1st and Main.", es = "Retén de ICE confirmado en 1st y Main." } });
        var update = await VerifiedAsync(new { kind = "update", replyTo = original, texts = new { en = "Checkpoint moved to 2nd St.", es = "El retén se movió a 2nd St." } });
        var retraction = await VerifiedAsync(new { kind = "retraction", replyTo = original, texts = new { en = "The 1st and Main report was wrong.", es = "El aviso de 1st y Main era falso." } });
        var drill = await VerifiedAsync(new { counties = new[] { "napa" }, texts = new { en = "Drill: checkpoint practice." }, drill = true });
        var draft = await VerifiedAsync(new { counties = new[] { "napa" }, texts = new { en = "Unverified rumour." } }, verify: false);
        var cruz = await PostDraftAsync(_w.Cruz, new { counties = new[] { "san-diego" }, texts = new { en = "San Diego report." } });
        Assert.Equal(HttpStatusCode.Created, cruz.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync("/n/north-bay/alerts.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync($"/n/north-bay/alerts/{original}.cap")).StatusCode);
        await FeedCliAsync("north-bay", "--on");

        var atom = await _anyone.GetAsync("/n/north-bay/alerts.atom");
        Assert.Equal(HttpStatusCode.OK, atom.StatusCode);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await atom.Content.ReadAsStringAsync());
        var entries = feed.Root!.Elements(Atom + "entry").ToList();
        var capLinks = entries.Select(e => e.Elements(Atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value).ToList();
        Assert.Equal(
            [$"https://alerts.example.org/n/north-bay/alerts/{retraction}.cap", $"https://alerts.example.org/n/north-bay/alerts/{update}.cap", $"https://alerts.example.org/n/north-bay/alerts/{original}.cap"],
            capLinks);
        Assert.Equal("The 1st and Main report was wrong.", entries[0].Element(Atom + "summary")!.Value);

        var caps = new List<XDocument>();
        foreach (var id in new[] { original, update, retraction })
        {
            var answer = await _anyone.GetAsync($"/n/north-bay/alerts/{id}.cap");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("application/cap+xml", answer.Content.Headers.ContentType?.MediaType);
            caps.Add(ValidCap(await answer.Content.ReadAsStringAsync()));
        }
        Assert.Equal(["Alert", "Update", "Cancel"], caps.Select(c => c.Root!.Element(Cap + "msgType")!.Value));
        var first = caps[0].Root!;
        var reference = string.Join(',', first.Element(Cap + "sender")!.Value, first.Element(Cap + "identifier")!.Value, first.Element(Cap + "sent")!.Value);
        Assert.Null(first.Element(Cap + "references"));
        Assert.Equal(reference, caps[1].Root!.Element(Cap + "references")!.Value);
        Assert.Equal(reference, caps[2].Root!.Element(Cap + "references")!.Value);

        var info = first.Elements(Cap + "info").ToList();
        Assert.Equal(["en-US", "es-US"], info.Select(i => i.Element(Cap + "language")!.Value));
        Assert.Equal("Retén de ICE confirmado en 1st y Main.", info[1].Element(Cap + "description")!.Value);
        var area = info[0].Element(Cap + "area")!;
        // The area's name: "Napa" while networks serve counties, "Napa County" once they serve areas (issue 17).
        Assert.StartsWith("Napa", area.Element(Cap + "areaDesc")!.Value);
        var zips = area.Elements(Cap + "geocode").Select(g => (g.Element(Cap + "valueName")!.Value, g.Element(Cap + "value")!.Value)).ToList();
        Assert.Contains(("ZIP", "94558"), zips);
        Assert.DoesNotContain(zips, z => z.Item2 == "95476" || z.Item2 == "92101"); // Sonoma's and San Diego's

        foreach (var hidden in new[] { drill, draft })
        {
            Assert.DoesNotContain(capLinks, l => l.EndsWith($"/{hidden}.cap", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync($"/n/north-bay/alerts/{hidden}.cap")).StatusCode);
        }
        var everything = string.Concat(await atom.Content.ReadAsStringAsync(), string.Concat(caps.Select(c => c.ToString())));
        foreach (var secret in new[] { "Drill: checkpoint", "Unverified rumour", "San Diego report", "Ana", "Ben", "0111", "0122" })
            Assert.DoesNotContain(secret, everything);

        // Another network's alert id under this network, and this network's feed once turned off.
        Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync($"/n/san-diego/alerts/{original}.cap")).StatusCode);
        await FeedCliAsync("north-bay", "--off");
        Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync("/n/north-bay/alerts.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anyone.GetAsync($"/n/north-bay/alerts/{original}.cap")).StatusCode);
    }

    [Theory]
    [InlineData("--on", "--off")]
    [InlineData()]
    public async Task SetPublicFeed_NeitherOrBoth_RefusedNamingTheFlags(params string[] flags)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(["network", "set-public-feed", "--network", "north-bay", .. flags], stdout, stderr, b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = _w.Db.ConnectionString, ["Privacy:EncryptionKey"] = TestApp.EncryptionKey, ["Twilio:Outbox"] = "true",
            }));
        Assert.Equal(1, code);
        Assert.Contains("--on or --off", stderr.ToString());
        Assert.Equal(0L, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM public_feeds"));
    }

    [Theory]
    [InlineData("<sent>2026-12-03T08:00:00Z</sent>", "<msgType>Alert</msgType>")]
    [InlineData("<sent>2026-12-03T08:00:00-00:00</sent>", "<msgType>Retraction</msgType>")]
    public void CapSchema_RefusesWhatCap12Refuses(string sent, string msgType)
    {
        var xml = $"<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier><sender>s</sender>{sent}<status>Actual</status>{msgType}<scope>Public</scope></alert>";
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ValidCap(xml));
        ValidCap(xml.Replace(sent, "<sent>2026-12-03T08:00:00-00:00</sent>").Replace(msgType, "<msgType>Alert</msgType>"));
    }

    /// <summary>Parses a CAP document and validates it against the CAP 1.2 schema; any schema error fails the test.</summary>
    private static XDocument ValidCap(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add("urn:oasis:names:tc:emergency:cap:1.2", Path.Combine(AppContext.BaseDirectory, "PublicPages", "cap-1.2.xsd"));
        var document = XDocument.Parse(xml);
        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);
        return document;
    }
}
