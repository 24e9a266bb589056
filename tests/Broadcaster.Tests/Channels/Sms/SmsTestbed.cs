using System.Net;
using System.Xml.Linq;
using Broadcaster.Channels.Sms;
using Broadcaster.Networks;
using Broadcaster.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>
/// The real service with two networks — "LA RRN" (Los Angeles, Orange) and "Napa &amp; Sonoma RRN" — and Twilio
/// pointed at a fake on 127.0.0.1. Texts arrive as signed webhooks; replies come back as TwiML.
/// </summary>
public sealed class SmsTestbed : IAsyncDisposable
{
    public const string LaHotline = "+12135550190";
    public const string NorthBayHotline = "+17075550190";
    public const string NorthBay = "Napa & Sonoma RRN";

    private SmsTestbed(TestDatabase db, FakeTwilio twilio, TestApp app)
    {
        Db = db;
        Twilio = twilio;
        App = app;
        Seed = new Seed(db);
    }

    public TestDatabase Db { get; }
    public FakeTwilio Twilio { get; }
    public TestApp App { get; }
    public Seed Seed { get; }

    /// <param name="managedOptOut">Twilio:ManagedOptOut; null leaves it unset (the default applies).</param>
    /// <param name="extra">More settings (e.g. Telegram's, to drive both channels of one service).</param>
    /// <param name="networks">Set up the two networks above (false: none, the test sets up its own).</param>
    public static async Task<SmsTestbed> StartAsync(bool? managedOptOut = false, Action<IServiceCollection>? overrides = null,
        IDictionary<string, string?>? extra = null, bool networks = true)
    {
        var db = await TestDatabase.CreateAsync();
        var twilio = await FakeTwilio.StartAsync();
        var settings = twilio.Settings;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        if (managedOptOut is { } managed)
            settings["Twilio:ManagedOptOut"] = managed ? "true" : "false";
        var app = await TestApp.StartAsync(db, settings, overrides);
        if (networks)
        {
            await app.Get<NetworkStore>().AddAsync("la-rrn", "LA RRN", ["los-angeles", "orange"], LaHotline);
            await app.Get<NetworkStore>().AddAsync("north-bay", NorthBay, ["napa", "sonoma"], NorthBayHotline);
        }
        return new SmsTestbed(db, twilio, app);
    }

    /// <summary>Texts <paramref name="body"/> from <paramref name="from"/>; returns the TwiML reply's message, or null for &lt;Response/&gt;.</summary>
    public async Task<string?> TextAsync(string from, string body)
    {
        var (status, xml) = await PostAsync(Form(from, body));
        Assert.Equal(HttpStatusCode.OK, status);
        var response = XElement.Parse(xml);
        Assert.Equal("Response", response.Name.LocalName);
        return response.Elements("Message").SingleOrDefault()?.Value;
    }

    /// <summary>Texts <paramref name="body"/> to <paramref name="to"/> (a network's own number); the reply's message, or null.</summary>
    public async Task<string?> TextAtAsync(string to, string from, string body)
    {
        var form = Form(from, body);
        form["To"] = to;
        var (status, xml) = await PostAsync(form);
        Assert.Equal(HttpStatusCode.OK, status);
        return XElement.Parse(xml).Elements("Message").SingleOrDefault()?.Value;
    }

    /// <summary>Like <see cref="TextAsync"/>, for messages that must be answered.</summary>
    public async Task<string> ReplyAsync(string from, string body) =>
        await TextAsync(from, body) ?? throw new Xunit.Sdk.XunitException($"no reply to '{body}'");

    public static Dictionary<string, string> Form(string from, string body) => new()
    {
        ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
        ["AccountSid"] = FakeTwilio.AccountSid,
        ["From"] = from,
        ["To"] = FakeTwilio.From,
        ["Body"] = body,
        ["NumSegments"] = "1",
    };

    /// <summary>A signed POST of <paramref name="form"/> to the webhook: status and raw body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(Dictionary<string, string> form, string? signedUrl = null, string authToken = FakeTwilio.AuthToken)
    {
        using var request = TwilioSigner.SignedPost(SmsWebhook.Path, form, signedUrl, authToken);
        using var response = await App.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The number's subscriber status, found the way the service finds it (blind index); null when no row.</summary>
    public async Task<string?> StatusAsync(string number)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<string>(
            "SELECT status FROM subscribers WHERE channel = 'sms' AND address_index = @index", new { index = Index(number) });
    }

    /// <summary>"los-angeles:active,napa:pending" for the number's subscriptions.</summary>
    public async Task<string> CountiesAsync(string number)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var rows = await conn.QueryAsync<string>("""
            SELECT a.slug || ':' || p.status FROM subscriptions p JOIN subscribers s ON s.id = p.subscriber_id JOIN areas a ON a.id = p.area_id
            WHERE s.channel = 'sms' AND s.address_index = @index AND p.status <> 'offered' ORDER BY a.slug
            """, new { index = Index(number) });
        return string.Join(",", rows);
    }

    public async Task<string?> LanguageAsync(string number)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<string>(
            "SELECT language FROM subscribers WHERE channel = 'sms' AND address_index = @index", new { index = Index(number) });
    }

    public Task<long> SubscriberRowsAsync() => Db.ScalarAsync<long>("SELECT count(*) FROM subscribers");

    private byte[] Index(string number) => Seed.Protector.BlindIndex("sms", number);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
        await Db.DisposeAsync();
    }
}
