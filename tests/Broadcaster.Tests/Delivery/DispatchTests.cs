using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadcaster.Alerts;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Dapper;

namespace Broadcaster.Tests.Delivery;

/// <summary>Whole broadcasts: verify → plan → dispatch through Hangfire → the real Twilio SDK → a fake Twilio.</summary>
public sealed class DispatchTests() : SmsBroadcastTestbed("los-angeles", "orange", "riverside")
{
    [Fact]
    public async Task Broadcast_VerifiedAlert_EachTargetSubscriberGetsExactlyOneMessageInTheirLanguage()
    {
        var english = await _seed.SmsSubscribersAsync(3, "los-angeles", "en", first: 1000);
        var spanish = await _seed.SmsSubscribersAsync(2, "orange", "es", first: 2000);
        await _seed.SubscriberAsync("sms", "+12135553000", "es", "los-angeles", "orange");
        var elsewhere = await _seed.SmsSubscribersAsync(2, "riverside", "en", first: 4000);
        var stopped = await _seed.SubscriberAsync("sms", "+12135555000", "en", "los-angeles");
        await _db.StopAsync(stopped);
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles", "orange"], en: "ICE at 5th and Main", es: "ICE en la 5 y Main");
        await using var app = await DeliveryHost.StartAsync(_db, _fake);

        app.Verify(alert);
        await _db.CompletedAsync(alert);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal([.. english, .. spanish, "+12135553000"], received.Keys.Order());
        Assert.All(received.Values, bodies => Assert.Single(bodies));
        Assert.All(english, n => Assert.Contains("ICE at 5th and Main", received[n][0]));
        Assert.All([.. spanish, "+12135553000"], n => Assert.Contains("ICE en la 5 y Main", received[n][0]));
        Assert.DoesNotContain(elsewhere, received.ContainsKey);
        Assert.Equal([("sent", 6L)], await _db.StatusCountsAsync(alert));
        Assert.Equal(_fake.Accepted.Where(m => m.To != AuthorPhone).Select(m => m.Sid).Order(),
            await _db.QueryAsync<string>("SELECT provider_id FROM deliveries WHERE alert_id = @alert ORDER BY provider_id", new { alert }));
        Assert.Equal([("sent", 6)], await _db.QueryAsync<(string, int)>("SELECT status, count_sent FROM alerts WHERE id = @alert", new { alert }));
        var summary = await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Where(m => m.To == AuthorPhone).ToList()),
            s => s.Count > 0, "the author's summary");
        Assert.Contains($"alert #{alert} sent", Assert.Single(summary).Body);
    }

    [Fact]
    public async Task Broadcast_DraftedAndVerifiedOverTheApi_ReachesTheCountyWithTheRenderedAlert()
    {
        var numbers = await _seed.SmsSubscribersAsync(3, "orange", "es");
        var (_, authorKey) = await _seed.CoordinatorAsync("socal", "Bea", "+12135550133");
        var (_, verifierKey) = await _seed.CoordinatorAsync("socal", "Cy");
        await using var app = await DeliveryHost.StartAsync(_db, _fake);

        using var draft = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = JsonContent.Create(new { counties = new[] { "orange" }, texts = new { en = "Raid at the market", es = "Redada en el mercado" } }),
        };
        draft.Headers.Authorization = new("Bearer", authorKey);
        var created = await app.Http.SendAsync(draft);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var alert = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var verify = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert}/verify");
        verify.Headers.Authorization = new("Bearer", verifierKey);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(verify)).StatusCode);
        await _db.CompletedAsync(alert);

        // Coordinators (+121355501xx) also get the draft notice and the summary; subscribers are +1213555NNNN.
        var received = _fake.ByRecipient().Where(kv => !kv.Key.StartsWith("+121355501")).ToDictionary();
        Assert.Equal(numbers, received.Keys.Order());
        Assert.All(received.Values, bodies => Assert.Equal(
            Broadcaster.Alerts.AlertText.Render("confirmed", alert, null, "socal RRN", "es", "Redada en el mercado"), Assert.Single(bodies)));
    }

    [Fact]
    public async Task Broadcast_SubscriberTextsStopMidway_TheirPendingMessageIsSkipped()
    {
        var numbers = await _seed.SmsSubscribersAsync(8, "los-angeles");
        var numberOf = new Dictionary<long, string>();
        foreach (var number in numbers)
            numberOf[await _seed.SubscriberIdAsync(_db, "sms", number)] = number;
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 2);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Count), n => n > 0, "the first message");
        // Hold one still-pending row (a claim skips locked rows) while its subscriber texts STOP, so the
        // STOP surely lands before that row is claimed.
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var held = await conn.QuerySingleAsync<long>("""
                SELECT subscriber_id FROM deliveries WHERE alert_id = @alert AND status = 'pending'
                ORDER BY subscriber_id DESC LIMIT 1 FOR UPDATE
                """, new { alert }, tx);
            var stop = await app.Http.SendAsync(TwilioSigner.SignedPost("/webhooks/twilio/sms", SmsTestbed.Form(numberOf[held], "STOP")));
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            await tx.CommitAsync();
        }
        await _db.CompletedAsync(alert);

        Assert.Equal([("sent", 7L), ("skipped", 1L)], await _db.StatusCountsAsync(alert));
        var received = _fake.ByRecipient(except: AuthorPhone);
        var stopped = Assert.Single(numbers.Except(received.Keys));
        var stoppedId = numberOf.Single(kv => kv.Value == stopped).Key;
        Assert.Equal("stopped", await _db.ScalarAsync<string>("SELECT status FROM subscribers WHERE id = @stoppedId", new { stoppedId }));
        Assert.Equal("skipped", await _db.ScalarAsync<string>("SELECT status FROM deliveries WHERE alert_id = @alert AND subscriber_id = @stoppedId", new { alert, stoppedId }));
        Assert.All(received.Values, bodies => Assert.Single(bodies));
    }

    [Fact]
    public async Task Broadcast_AbortedMidway_EverythingNotYetSentIsSkipped()
    {
        await _seed.SmsSubscribersAsync(30, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Count), n => n >= 2, "the first messages");
        Assert.True(await new AlertStore(_db.DataSource).AbortAsync(alert, _networkId, _authorId, DateTimeOffset.UtcNow));
        var sentWhenAnswered = _fake.Accepted.Count(m => m.To != AuthorPhone);
        await _db.CompletedAsync(alert);

        var counts = (await _db.StatusCountsAsync(alert)).ToDictionary(c => c.Status, c => c.Count);
        Assert.Equal(["sent", "skipped"], counts.Keys.Order());
        Assert.Equal(30, counts["sent"] + counts["skipped"]);
        Assert.True(counts["skipped"] >= 20, $"only {counts["skipped"]} skipped");
        Assert.Equal(counts["sent"], _fake.ByRecipient(except: AuthorPhone).Count);
        Assert.Equal(sentWhenAnswered, counts["sent"]); // nothing went out once the abort was answered
        Assert.Equal("aborted", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }));
        var summary = await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Where(m => m.To == AuthorPhone).ToList()),
            s => s.Count > 0, "the author's summary");
        Assert.Contains($"alert #{alert} aborted", Assert.Single(summary).Body);
    }

    [Fact]
    public async Task Broadcast_AbortedWhileTheProviderHasPausedTheChannel_NothingMoreIsSent()
    {
        await _seed.SmsSubscribersAsync(10, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        var first = 0;
        var acceptedAfterAbort = 0;
        var aborted = false;
        _fake.Reply = r =>
        {
            if (r.Form["To"] == AuthorPhone)
                return TwilioReply.Accepted;
            if (Interlocked.Exchange(ref first, 1) == 0)
                return TwilioReply.RateLimited(retryAfterSeconds: 5);
            if (Volatile.Read(ref aborted))
                Interlocked.Increment(ref acceptedAfterAbort);
            return TwilioReply.Accepted;
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 20);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => _db.ScalarAsync<bool>("SELECT paused_until > now() FROM channel_rate WHERE sender = 'sms'"),
            paused => paused, "the channel paused by the 429's Retry-After");
        Assert.True(await new AlertStore(_db.DataSource).AbortAsync(alert, _networkId, _authorId, DateTimeOffset.UtcNow));
        Volatile.Write(ref aborted, true);
        await _db.CompletedAsync(alert);

        Assert.Equal(0, acceptedAfterAbort);
        var counts = (await _db.StatusCountsAsync(alert)).ToDictionary(c => c.Status, c => c.Count);
        Assert.Equal(10, counts.GetValueOrDefault("sent") + counts["skipped"]);
        Assert.Equal(counts.GetValueOrDefault("sent"), _fake.ByRecipient(except: AuthorPhone).Count);
    }

    [Fact]
    public async Task Broadcast_ProviderFaults_EveryoneGetsTheMessageOnceInTheEnd()
    {
        var numbers = await _seed.SmsSubscribersAsync(40, "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        var n = 0;
        _fake.Reply = r => r.Form["To"] == AuthorPhone ? TwilioReply.Accepted : (Interlocked.Increment(ref n) % 10) switch
        {
            2 => TwilioReply.RateLimited(retryAfterSeconds: 1),
            4 or 7 => TwilioReply.Error(500, 20500, "Internal Server Error"),
            9 => TwilioReply.Gateway(502, TwilioBody.Html),
            _ => TwilioReply.Accepted,
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake);

        app.Verify(alert);
        await _db.CompletedAsync(alert, seconds: 120);

        var received = _fake.ByRecipient(except: AuthorPhone);
        Assert.Equal(numbers, received.Keys.Order());
        Assert.All(received.Values, bodies => Assert.Single(bodies));
        Assert.Equal([("sent", 40L)], await _db.StatusCountsAsync(alert));
        Assert.True(_fake.Requests.Count() > 45, "the fake should have refused some requests");
    }

    [Fact]
    public async Task Broadcast_UnsubscribedAndInvalidNumbers_StopsTheOneFailsTheOtherOnly()
    {
        await _seed.SmsSubscribersAsync(5, "los-angeles");
        var optedOut = await _seed.SubscriberAsync("sms", "+12135556001", "en", "los-angeles", "orange");
        var invalid = await _seed.SubscriberAsync("sms", "+12135556002", "en", "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"]);
        _fake.Reply = r => r.Form["To"] switch
        {
            "+12135556001" => TwilioReply.Error(400, 21610, "Attempt to send to unsubscribed recipient"),
            "+12135556002" => TwilioReply.Error(400, 21211, "Invalid 'To' Phone Number"),
            _ => TwilioReply.Accepted,
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake);

        app.Verify(alert);
        await _db.CompletedAsync(alert);

        Assert.Equal([("failed", 2L), ("sent", 5L)], await _db.StatusCountsAsync(alert));
        Assert.Equal([("stopped", false, 0L)], await _db.QueryAsync<(string, bool, long)>("""
            SELECT status, address_cipher IS NOT NULL, (SELECT count(*) FROM subscriptions WHERE subscriber_id = s.id)
            FROM subscribers s WHERE id = @optedOut
            """, new { optedOut }));
        Assert.Equal([("active", true)], await _db.QueryAsync<(string, bool)>(
            "SELECT status, address_cipher IS NOT NULL FROM subscribers WHERE id = @invalid", new { invalid }));
        Assert.Equal(1, _fake.Requests.Count(r => r.Form.GetValueOrDefault("To") == "+12135556001"));
        Assert.Equal(2, await _db.ScalarAsync<int>("SELECT count_failed FROM alerts WHERE id = @alert", new { alert }));
    }
}
