using System.Net;
using System.Net.Http.Json;
using Broadcaster.Tests.Alerts;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.Coordinators;

public sealed class CoordinatorAuthTests : IAsyncLifetime
{
    private AlertWorld _w = null!;
    private long _anaAlert;

    public async Task InitializeAsync()
    {
        _w = await AlertWorld.StartAsync();
        _anaAlert = await DraftAsync(_w.Ana);
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/api/alerts" },
        { "GET", "/api/alerts" },
        { "GET", "/api/alerts/{id}" },
        { "POST", "/api/alerts/{id}/verify" },
        { "POST", "/api/alerts/{id}/abort" },
        { "GET", "/api/counties" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_MissingOrBadKey_401ProblemAndNothingChanges(string method, string route)
    {
        string?[] headers = [null, "Bearer bk_not-a-real-key", "Bearer", "Bearer ", "Basic YW5hOnNlY3JldA==", "bk_raw-key-without-scheme", "Bearer a b", "Bearer " + new string('x', 5000)];
        foreach (var header in headers)
        {
            using var request = Request(method, route, header);

            var response = await _w.App.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(1, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @_anaAlert", new { _anaAlert }));
    }

    [Fact]
    public async Task ApiKey_OfDeactivatedCoordinator_401()
    {
        await _w.Db.ExecuteAsync("UPDATE coordinators SET active = false WHERE id = @id", new { id = _w.Ben.Coordinator.Id });

        var response = await _w.Ben.Http.GetAsync("/api/alerts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_OtherNetworksAlertOrCounty_403AndNothingChanges(string method, string route)
    {
        using var request = Request(method, route, "Bearer " + _w.Cruz.ApiKey);
        if (route == "/api/alerts" && method == "POST")
            request.Content = JsonContent.Create(new { counties = new[] { "napa" }, texts = new { en = "Raid reported.", es = "Redada reportada." } });

        var response = await _w.App.Http.SendAsync(request);

        if (route.Contains("{id}") || method == "POST")
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            // Lists are scoped instead: Cruz sees only San Diego.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("napa", body);
            Assert.DoesNotContain($"\"id\":{_anaAlert},", body);
        }
        Assert.Equal(1, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @_anaAlert", new { _anaAlert }));
        Assert.Equal(1, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE alert_id IS NOT NULL"));
    }

    [Fact]
    public async Task FollowUp_OfOtherNetworksAlert_403()
    {
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'sent', verifier_id = @ben WHERE id = @_anaAlert", new { _anaAlert, ben = _w.Ben.Coordinator.Id });

        var response = await PostDraftAsync(_w.Cruz, new { kind = "retraction", replyTo = _anaAlert, texts = new { en = "Retracted.", es = "Retirada." } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    private HttpRequestMessage Request(string method, string route, string? authorization)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", _anaAlert.ToString()));
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
