using System.Net;
using System.Text.Json;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.Alerts;

public sealed class AlertFlowTests : IAsyncLifetime
{
    private AlertWorld _w = null!;

    public async Task InitializeAsync() => _w = await AlertWorld.StartAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task DraftThenVerify_TwoCoordinators_VerifiedWithOneBroadcastJobAndAudit()
    {
        await _w.AddSubscribersAsync("napa", "sms", "en", 3);
        await _w.AddSubscribersAsync("sonoma", "telegram", "es", 2);
        await _w.AddSubscribersAsync("san-diego", "sms", "en", 5); // another network's county: not reached

        var created = await PostDraftAsync(_w.Ana, new
        {
            counties = new[] { "napa", "sonoma" },
            texts = new { en = "ICE checkpoint at 1st and Main.", es = "Retén de ICE en 1st y Main." },
            kind = "confirmed",
            replyTo = (long?)null,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await JsonAsync(created);
        var id = draft.GetProperty("id").GetInt64();
        Assert.Equal($"/api/alerts/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(3, draft.GetProperty("recipients").GetProperty("sms").GetInt32());
        Assert.Equal(2, draft.GetProperty("recipients").GetProperty("telegram").GetInt32());
        Assert.Empty(draft.GetProperty("warnings").EnumerateArray());
        Assert.Equal(0, await _w.BroadcastJobsAsync(id));

        var verified = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var body = await JsonAsync(verified);
        Assert.Equal("verified", body.GetProperty("status").GetString());
        Assert.Equal(_w.Ben.Coordinator.Id, body.GetProperty("verifierId").GetInt64());

        var status = await JsonAsync(await _w.Ana.Http.GetAsync($"/api/alerts/{id}"));
        Assert.Equal(id, status.GetProperty("id").GetInt64());
        Assert.NotEqual("draft", status.GetProperty("status").GetString());
        foreach (var count in new[] { "pending", "sent", "delivered", "failed", "skipped" })
            Assert.True(status.GetProperty("counts").TryGetProperty(count, out _), count);
        Assert.Equal(1, await _w.BroadcastJobsAsync(id));
        Assert.Equal(1, await _w.AuditAsync(id, "drafted"));
        Assert.Equal(1, await _w.AuditAsync(id, "verified"));
        Assert.Equal(_w.Ben.Coordinator.Id, await _w.Db.ScalarAsync<long>(
            "SELECT coordinator_id FROM audit_log WHERE alert_id = @id AND action = 'verified'", new { id }));
    }

    [Fact]
    public async Task Verify_ByAuthor_409AndStillDraft()
    {
        var id = await DraftAsync(_w.Ana);

        var response = await _w.Ana.Http.PostAsync($"/api/alerts/{id}/verify", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("second coordinator", (await JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal(0, await _w.BroadcastJobsAsync(id));
    }

    [Fact]
    public async Task Verify_Twice_409AndStillOneBroadcastJob()
    {
        var id = await DraftAsync(_w.Ana);
        var dee = await _w.AddCoordinatorAsync("north-bay", "Dee", null, null);
        Assert.Equal(HttpStatusCode.OK, (await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null)).StatusCode);

        var again = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null);
        var third = await dee.Http.PostAsync($"/api/alerts/{id}/verify", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("already verified", (await JsonAsync(third)).GetProperty("detail").GetString());
        Assert.Equal(1, await _w.BroadcastJobsAsync(id));
        Assert.Equal(1, await _w.AuditAsync(id, "verified"));
    }

    [Fact]
    public async Task Verify_TwoCoordinatorsRacing_ExactlyOneWins()
    {
        var dee = await _w.AddCoordinatorAsync("north-bay", "Dee", null, null);
        for (var round = 0; round < 5; round++)
        {
            var id = await DraftAsync(_w.Ana);

            var responses = await Task.WhenAll(
                _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null),
                dee.Http.PostAsync($"/api/alerts/{id}/verify", null));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal(1, await _w.BroadcastJobsAsync(id));
            Assert.Equal(1, await _w.AuditAsync(id, "verified"));
        }
    }

    [Fact]
    public async Task Abort_Draft_AbortedAndCannotBeVerified()
    {
        var id = await DraftAsync(_w.Ana);

        var aborted = await _w.Ana.Http.PostAsync($"/api/alerts/{id}/abort", null);
        var verify = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/verify", null);
        var abortAgain = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/abort", null);

        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        Assert.Equal("aborted", (await JsonAsync(aborted)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
        Assert.Contains("aborted", (await JsonAsync(verify)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, abortAgain.StatusCode);
        Assert.Equal(0, await _w.BroadcastJobsAsync(id));
        Assert.Equal(1, await _w.AuditAsync(id, "aborted"));
    }

    [Fact]
    public async Task Abort_VerifiedAlertInFlight_AbortedSoTheFanOutStops()
    {
        var id = await DraftAsync(_w.Ana);
        // Set by hand rather than through verify, so no fan-out job races this test to 'sent'.
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'sending', verifier_id = @ben, verified_at = now() WHERE id = @id",
            new { id, ben = _w.Ben.Coordinator.Id });

        var response = await _w.Ben.Http.PostAsync($"/api/alerts/{id}/abort", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("aborted", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        Assert.Equal("sending", await _w.Db.ScalarAsync<string>(
            "SELECT detail ->> 'from' FROM audit_log WHERE alert_id = @id AND action = 'aborted'", new { id }));
    }

    [Fact]
    public async Task Abort_SentAlert_409()
    {
        var id = await DraftAsync(_w.Ana);
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'sent', verifier_id = @ben WHERE id = @id", new { id, ben = _w.Ben.Coordinator.Id });

        var response = await _w.Ana.Http.PostAsync($"/api/alerts/{id}/abort", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("sent", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData("GET", "/api/alerts/999999")]
    [InlineData("POST", "/api/alerts/999999/verify")]
    [InlineData("POST", "/api/alerts/999999/abort")]
    [InlineData("GET", "/api/alerts/abc")]
    [InlineData("POST", "/api/alerts/-3/verify")]
    public async Task AlertRoutes_UnknownOrMalformedId_404Problem(string method, string path)
    {
        var response = await _w.Ana.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("alert", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_WithDeliveryRows_CountsFromRowsElseFromAlert()
    {
        var id = await DraftAsync(_w.Ana);
        var subscribers = await _w.AddSubscribersAsync("napa", "sms", "en", 6);
        var statuses = new[] { "pending", "sending", "sent", "delivered", "failed", "skipped" };
        for (var i = 0; i < subscribers.Count; i++)
            await _w.Db.ExecuteAsync("INSERT INTO deliveries (alert_id, subscriber_id, channel, status) VALUES (@id, @s, 'sms', @status)",
                new { id, s = subscribers[i], status = statuses[i] });
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'sending', count_sent = 40 WHERE id = @id", new { id });

        var live = (await JsonAsync(await _w.Ana.Http.GetAsync($"/api/alerts/{id}"))).GetProperty("counts");
        await _w.Db.ExecuteAsync("DELETE FROM deliveries WHERE alert_id = @id", new { id });
        await _w.Db.ExecuteAsync("""
            UPDATE alerts SET status = 'sent', count_sent = 7, count_delivered = 90, count_failed = 2, count_skipped = 1, reduced_at = now()
            WHERE id = @id
            """, new { id });
        var reduced = (await JsonAsync(await _w.Ana.Http.GetAsync($"/api/alerts/{id}"))).GetProperty("counts");

        Assert.Equal((2, 1, 1, 1, 1), Counts(live));
        Assert.Equal((0, 7, 90, 2, 1), Counts(reduced));
    }

    [Fact]
    public async Task List_ByStatus_OnlyThatStatusOfOwnNetwork()
    {
        var verified = await DraftAsync(_w.Ana);
        await _w.Ben.Http.PostAsync($"/api/alerts/{verified}/verify", null);
        var draft = await DraftAsync(_w.Ana);
        var elsewhere = await DraftAsync(_w.Cruz, county: "san-diego");

        var drafts = await JsonAsync(await _w.Ben.Http.GetAsync("/api/alerts?status=draft"));
        var all = await JsonAsync(await _w.Ben.Http.GetAsync("/api/alerts"));
        var bad = await _w.Ben.Http.GetAsync("/api/alerts?status=pending");

        Assert.Equal(new[] { draft }, Ids(drafts));
        Assert.Equal(new[] { draft, verified }, Ids(all));
        Assert.DoesNotContain(elsewhere, Ids(all));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status must be one of", (await JsonAsync(bad)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Counties_OwnNetwork_ActiveSubscribersPerChannelAndNoAddresses()
    {
        await _w.AddSubscribersAsync("napa", "sms", "en", 4);
        await _w.AddSubscribersAsync("napa", "telegram", "es", 2);
        var stopped = await _w.AddSubscribersAsync("napa", "sms", "en", 1);
        await _w.Db.StopAsync([.. stopped]);
        await _w.AddSubscribersAsync("san-diego", "sms", "en", 9);

        var response = await _w.Ben.Http.GetAsync("/api/counties");
        var raw = await response.Content.ReadAsStringAsync();
        var counties = JsonDocument.Parse(raw).RootElement.GetProperty("counties").EnumerateArray()
            .ToDictionary(c => c.GetProperty("slug").GetString()!, c => c.GetProperty("subscribers"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "napa", "sonoma" }, counties.Keys.Order());
        Assert.Equal(4, counties["napa"].GetProperty("sms").GetInt32());
        Assert.Equal(2, counties["napa"].GetProperty("telegram").GetInt32());
        Assert.Equal(0, counties["sonoma"].GetProperty("sms").GetInt32());
        Assert.DoesNotContain("address", raw, StringComparison.OrdinalIgnoreCase);
    }

    private static (int, int, int, int, int) Counts(JsonElement c) => (
        c.GetProperty("pending").GetInt32(), c.GetProperty("sent").GetInt32(), c.GetProperty("delivered").GetInt32(),
        c.GetProperty("failed").GetInt32(), c.GetProperty("skipped").GetInt32());

    private static List<long> Ids(JsonElement list) =>
        list.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();
}
