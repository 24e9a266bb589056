using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Delivery;

/// <summary>Roles, the Hangfire dashboard, and hosts in one process each keeping to their own database.</summary>
public sealed class HostingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private FakeTwilio _fake = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpStatusCode> GetAsync(TestApp app, string path, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        return (await app.Http.SendAsync(request)).StatusCode;
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/metrics")]
    public async Task OperatorRoutes_OutsideDevelopment_OnlyWithAnOperatorKey_CoordinatorKey403(string path)
    {
        await new Seed(_db).NetworkAsync("socal", "los-angeles");
        var (_, coordinatorKey) = await new Seed(_db).CoordinatorAsync("socal", "Ana");
        // Over HTTPS, as in production: outside Development the dashboard's antiforgery cookie is Secure-only.
        var settings = _fake.Settings;
        settings["Broadcaster:Role"] = "web";
        await using var app = await TestApp.StartAsync(_db, settings, https: true);
        var (_, operatorKey) = await app.Get<Broadcaster.Operators.OperatorStore>().AddAsync("Ops");

        var anonymous = await app.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(app, path, Basic("ops", "op_not-a-key")));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(app, path, new AuthenticationHeaderValue("Bearer", "bk_not-a-key")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(app, path, Basic("ops", coordinatorKey)));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(app, path, new AuthenticationHeaderValue("Bearer", coordinatorKey)));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, path, Basic("ops", operatorKey)));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, path, new AuthenticationHeaderValue("Bearer", operatorKey)));
    }

    [Fact]
    public async Task Dashboard_OutsideDevelopmentOverPlainHttp_OperatorKeyGetsThePageNotA500()
    {
        // A TLS-terminating proxy that does not forward the scheme: the dashboard's antiforgery must not throw.
        var settings = _fake.Settings;
        settings["Broadcaster:Role"] = "web";
        await using var app = await TestApp.StartAsync(_db, settings);
        var (_, operatorKey) = await app.Get<Broadcaster.Operators.OperatorStore>().AddAsync("Ops");

        var page = await GetAsync(app, "/hangfire", new AuthenticationHeaderValue("Bearer", operatorKey));

        Assert.Equal(HttpStatusCode.OK, page);
    }

    [Fact]
    public async Task Dashboard_InDevelopment_Open()
    {
        var app = AppHost.Build(["--environment", "Development"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = _db.ConnectionString,
                ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
                ["Broadcaster:Role"] = "web",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            b.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/hangfire")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Roles_WorkerServesOnlyHealthAndWebRunsNoJobServers()
    {
        await using var worker = await DeliveryHost.StartAsync(_db, _fake, role: "worker");
        await using var web = await DeliveryHost.StartAsync(_db, _fake, role: "web");

        Assert.Equal(HttpStatusCode.OK, await GetAsync(worker, "/healthz"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(worker, "/hangfire"));
        Assert.Equal(HttpStatusCode.NotFound, (await worker.Http.SendAsync(
            TwilioSigner.SignedPost("/webhooks/twilio/status", new() { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Http.SendAsync(
            TwilioSigner.SignedPost("/webhooks/twilio/status", new() { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" }))).StatusCode);
        // One server per queue, all from the worker.
        var servers = await Eventually.HoldsAsync(() => _db.QueryAsync<string>("SELECT data::text FROM hangfire.server"), s => s.Count >= 3, "the worker's job servers");
        Assert.Equal(3, servers.Count);
        Assert.All(["critical", "broadcast", "default"], q => Assert.Single(servers, s => s.Contains($"\"{q}\"")));
    }

    [Fact]
    public async Task Worker_RegistersSweeperAndRetentionAsRecurringJobsOnTheDefaultQueue()
    {
        await using var worker = await DeliveryHost.StartAsync(_db, _fake, role: "worker");

        var jobs = await Eventually.HoldsAsync(() => _db.QueryAsync<(string Key, string Cron, string? Queue)>("""
            SELECT h.key, h.value, q.value FROM hangfire.hash h
            LEFT JOIN hangfire.hash q ON q.key = h.key AND q.field = 'Queue'
            WHERE h.key IN ('recurring-job:delivery-sweeper', 'recurring-job:delivery-retention') AND h.field = 'Cron'
            ORDER BY h.key
            """), rows => rows.Count == 2, "the recurring jobs");
        Assert.Equal([("recurring-job:delivery-retention", "0 * * * *", "default"), ("recurring-job:delivery-sweeper", "* * * * *", "default")], jobs);
    }

    [Fact]
    public async Task TwoHostsInOneProcess_EachKeepsItsJobsToItsOwnDatabase()
    {
        await using var otherDb = await TestDatabase.CreateAsync();
        await using var otherFake = await FakeTwilio.StartAsync();
        var alerts = new List<long>();
        foreach (var (db, first) in new[] { (_db, 1000), (otherDb, 2000) })
        {
            var seed = new Seed(db);
            var network = await seed.NetworkAsync("socal", "los-angeles");
            var author = (await seed.CoordinatorAsync("socal", "Ana")).Coordinator.Id;
            await seed.SmsSubscribersAsync(5, "los-angeles", first: first);
            alerts.Add(await seed.AlertAsync(network.Id, author, ["los-angeles"]));
        }
        await using var app = await DeliveryHost.StartAsync(_db, _fake);
        await using var other = await DeliveryHost.StartAsync(otherDb, otherFake);

        app.Verify(alerts[0]);
        other.Verify(alerts[1]);
        await Task.WhenAll(_db.CompletedAsync(alerts[0]), otherDb.CompletedAsync(alerts[1]));

        Assert.All(_fake.Accepted, m => Assert.StartsWith("+12135551", m.To));
        Assert.All(otherFake.Accepted, m => Assert.StartsWith("+12135552", m.To));
        Assert.Equal(5, _fake.Accepted.Count);
        Assert.Equal(5, otherFake.Accepted.Count);
    }
}
