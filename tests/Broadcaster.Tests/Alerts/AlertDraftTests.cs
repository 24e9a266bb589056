using System.Net;
using System.Text;
using System.Text.Json;
using Broadcaster.Tests.Delivery;
using static Broadcaster.Tests.Alerts.AlertWorld;

namespace Broadcaster.Tests.Alerts;

public sealed class AlertDraftTests : IAsyncLifetime
{
    private AlertWorld _w = null!;

    public async Task InitializeAsync() => _w = await AlertWorld.StartAsync(new Dictionary<string, string?>
    {
        ["Twilio:MessagesPerSecond"] = "2",
        ["Telegram:MessagesPerSecond"] = "10",
    });

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"counties":"napa","texts":{"en":"x"}}""", "'counties' must be an array")]
    [InlineData("""{"counties":[7],"texts":{"en":"x"}}""", "'counties' must be an array")]
    [InlineData("""{"counties":["napa"]}""", "'texts' is required")]
    [InlineData("""{"counties":["napa"],"texts":"ICE at Main"}""", "'texts' must be an object")]
    [InlineData("""{"counties":["napa"],"texts":{"en":5}}""", "texts.en must be a string")]
    [InlineData("""{"counties":["napa"],"texts":{}}""", "texts.en is required")]
    [InlineData("""{"counties":["napa"],"texts":{"es":"Redada"}}""", "texts.en is required")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"   "}}""", "texts.en is empty")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid","es":""}}""", "texts.es is empty")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid","english!":"x"}}""", "not a language code")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"kind":"rumour"}""", "'kind' must be one of")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"kind":3}""", "'kind' must be one of")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"replyTo":"12"}""", "'replyTo' must be the id")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"replyTo":1.5}""", "'replyTo' must be the id")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"country":"us"}""", "Unknown field 'country'")]
    [InlineData("""{"counties":[],"texts":{"en":"Raid"}}""", "'areas' is required")]
    [InlineData("""{"areas":[],"texts":{"en":"Raid"}}""", "'areas' is required")]
    [InlineData("""{"areas":"napa","texts":{"en":"x"}}""", "'areas' must be an array")]
    [InlineData("""{"areas":["napa", ""],"texts":{"en":"x"}}""", "'areas' must not contain empty names")]
    [InlineData("""{"texts":{"en":"Raid"},"kind":"retraction"}""", "set replyTo")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid"},"replyTo":1}""", "takes no replyTo")]
    [InlineData("""{"texts":{"en":"Raid"},"kind":"update","replyTo":424242}""", "no alert #424242")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid\u0000 at Main"}}""", "texts.en contains a control character")]
    [InlineData("""{"counties":["napa"],"texts":{"en":"Raid","es":"Redada \u001b[31m"}}""", "texts.es contains a control character")]
    public async Task Draft_BadBody_400WithClearMessageAndNothingWritten(string body, string message)
    {
        var response = await _w.Ana.Http.PostAsync("/api/alerts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, (await JsonAsync(response)).GetProperty("detail").GetString());
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Draft_BodyOver64KB_413AndNothingWritten()
    {
        var body = "{\"counties\":[\"napa\"],\"texts\":{\"en\":\"" + new string('a', 70_000) + "\"}}";

        var response = await _w.Ana.Http.PostAsync("/api/alerts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Draft_UnknownCounty_400NamingIt()
    {
        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa", "atlantis" }, texts = new { en = "Raid", es = "Redada" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'atlantis'", (await JsonAsync(response)).GetProperty("detail").GetString());
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Draft_CountyOfAnotherNetwork_403NamingIt()
    {
        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa", "san-diego" }, texts = new { en = "Raid", es = "Redada" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("San Diego", (await JsonAsync(response)).GetProperty("detail").GetString());
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Draft_CountyServedByNoNetwork_403()
    {
        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "alpine" }, texts = new { en = "Raid", es = "Redada" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("en", 'a', 1531)]        // GSM-7: with the header and footer, far over 10 x 153
    [InlineData("es", 'á', 700)]        // UCS-2: over 10 x 67
    [InlineData("en", '€', 780)]        // extension characters count double
    public async Task Draft_OverTenSegments_400AndNothingWritten(string language, char fill, int length)
    {
        var texts = new Dictionary<string, string> { ["en"] = "Raid", ["es"] = "Redada", [language] = new string(fill, length) };

        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa" }, texts });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await JsonAsync(response)).GetProperty("detail").GetString();
        Assert.Contains($"texts.{language} is too long", detail);
        Assert.Contains("at most 10", detail);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Draft_TenSegmentsExactly_Accepted()
    {
        var id = await _w.Db.ScalarAsync<long>("SELECT nextval(pg_get_serial_sequence('alerts', 'id'))") + 1;
        var frame = $"VERIFIED ALERT #{id} - North Bay RRN\n\nReply STOP to leave".Length;

        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa" }, texts = new { en = new string('a', 1530 - frame), es = "Redada" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var en = (await JsonAsync(response)).GetProperty("messages").GetProperty("en");
        Assert.Equal(10, en.GetProperty("segments").GetInt32());
        Assert.Equal(1530, en.GetProperty("characters").GetInt32());
    }

    [Fact]
    public async Task Draft_PerLanguage_RenderedPreviewSegmentsAndEncoding()
    {
        var response = await PostDraftAsync(_w.Ana, new
        {
            counties = new[] { "napa" },
            texts = new Dictionary<string, string>
            {
                ["en"] = "ICE checkpoint at 1st and Main.",
                ["es"] = "Retén de ICE en la calle Main, evite el área.", // á: the whole message goes UCS-2
                ["vi"] = "ICE tai duong Main.",
            },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = await JsonAsync(response);
        var id = draft.GetProperty("id").GetInt64();
        var messages = draft.GetProperty("messages");
        var en = messages.GetProperty("en");
        var es = messages.GetProperty("es");
        Assert.Equal($"VERIFIED ALERT #{id} - North Bay RRN\nICE checkpoint at 1st and Main.\nReply STOP to leave", en.GetProperty("preview").GetString());
        Assert.Equal("GSM-7", en.GetProperty("encoding").GetString());
        Assert.Equal(1, en.GetProperty("segments").GetInt32());
        Assert.Equal($"ALERTA VERIFICADA #{id} - North Bay RRN\nRetén de ICE en la calle Main, evite el área.\nResponda ALTO para salir", es.GetProperty("preview").GetString());
        Assert.Equal("UCS-2", es.GetProperty("encoding").GetString());
        Assert.Equal(2, es.GetProperty("segments").GetInt32());
        Assert.Equal("GSM-7", messages.GetProperty("vi").GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task Draft_SpanishWithAccents_CostAndGsm7OfferInTheAnswerTextStoredAsWritten()
    {
        await _w.AddSubscribersAsync("napa", "sms", "es", 4);
        await _w.AddSubscribersAsync("napa", "sms", "en", 2);
        const string spanish = "Retén de ICE en la estación de Main y 1st. Evite el área; no abra la puerta. Más noticias.";

        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa" }, texts = new { en = "ICE checkpoint at Main.", es = spanish } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = await JsonAsync(response);
        var es = draft.GetProperty("messages").GetProperty("es");
        Assert.Equal((3, 4, 12), (es.GetProperty("segments").GetInt32(), es.GetProperty("smsRecipients").GetInt32(), es.GetProperty("smsSegmentsTotal").GetInt32()));
        Assert.Equal(7, es.GetProperty("smsSeconds").GetInt32()); // 12 segments at 2/s (97 % of it)
        var offer = es.GetProperty("gsm7");
        Assert.Equal("Retén de ICE en la estacion de Main y 1st. Evite el area; no abra la puerta. Mas noticias.", offer.GetProperty("text").GetString());
        Assert.Equal((1, 4), (offer.GetProperty("segments").GetInt32(), offer.GetProperty("smsSegmentsTotal").GetInt32()));
        var en = draft.GetProperty("messages").GetProperty("en");
        Assert.Equal((1, 2, 2), (en.GetProperty("segments").GetInt32(), en.GetProperty("smsRecipients").GetInt32(), en.GetProperty("smsSegmentsTotal").GetInt32()));
        Assert.Equal(JsonValueKind.Null, en.GetProperty("gsm7").ValueKind);
        // Offered, not applied: the stored text is the one the coordinator wrote.
        Assert.Equal(spanish, await _w.Db.ScalarAsync<string>("SELECT texts->>'es' FROM alerts WHERE id = @id", new { id = draft.GetProperty("id").GetInt64() }));
    }

    [Fact]
    public async Task Draft_WithoutSpanish_CreatedWithWarning()
    {
        await _w.AddSubscribersAsync("napa", "sms", "es", 3);

        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa" }, texts = new { en = "Raid at Main St." } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single((await JsonAsync(response)).GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("No Spanish text", warning);
        Assert.Contains("3 Spanish-speaking", warning);
    }

    [Fact]
    public async Task Draft_Estimate_SegmentsAtConfiguredRates()
    {
        await _w.AddSubscribersAsync("napa", "sms", "en", 10);
        await _w.AddSubscribersAsync("sonoma", "sms", "es", 4);
        await _w.AddSubscribersAsync("napa", "telegram", "en", 25);

        var response = await PostDraftAsync(_w.Ana, new
        {
            counties = new[] { "napa", "sonoma" },
            texts = new { en = "ICE checkpoint at 1st and Main.", es = "Retén de ICE en la calle Main, evite el área." },
        });

        var estimate = (await JsonAsync(response)).GetProperty("estimate");
        // 10 x 1 GSM-7 segment + 4 x 2 UCS-2 segments = 18 segments at 2/s; 25 Telegram messages at 10/s
        // (the fan-out spaces slots at 97 % of the rate: 9.3 s and 2.6 s).
        Assert.Equal(14, estimate.GetProperty("smsMessages").GetInt32());
        Assert.Equal(18, estimate.GetProperty("smsSegments").GetInt32());
        Assert.Equal(10, estimate.GetProperty("smsSeconds").GetInt32());
        Assert.Equal(3, estimate.GetProperty("telegramSeconds").GetInt32());
        Assert.Equal(10, estimate.GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task Draft_SubscriberInTwoCountiesOfTheAlert_CountedOnce()
    {
        var ids = await _w.AddSubscribersAsync("napa", "sms", "en", 2);
        await _w.Db.ExecuteAsync("INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT unnest(@ids), (SELECT id FROM areas WHERE slug = 'sonoma'), 'active'", new { ids });
        var pending = await _w.AddSubscribersAsync("napa", "sms", "en", 1);
        await _w.Db.ExecuteAsync("UPDATE subscriptions SET status = 'pending' WHERE subscriber_id = ANY(@pending)", new { pending });

        var response = await PostDraftAsync(_w.Ana, new { counties = new[] { "napa", "sonoma" }, texts = new { en = "Raid", es = "Redada" } });

        Assert.Equal(2, (await JsonAsync(response)).GetProperty("recipients").GetProperty("sms").GetInt32());
    }

    [Fact]
    public async Task Retraction_GoesToExactlyTheOriginalsRemainingRecipients()
    {
        var reached = await _w.AddSubscribersAsync("napa", "sms", "en", 5);
        var reachedTelegram = await _w.AddSubscribersAsync("napa", "telegram", "es", 2);
        var failed = await _w.AddSubscribersAsync("napa", "sms", "en", 1);
        var original = await _w.Db.ScalarAsync<long>("""
            INSERT INTO alerts (network_id, kind, areas, texts, status, author_id, verifier_id, expires_at, verified_at)
            VALUES (@network, 'confirmed', ARRAY(SELECT id FROM areas WHERE slug = 'napa'), '{"en":"Raid at Main St."}', 'sent', @ana, @ben, now(), now())
            RETURNING id
            """, new { network = _w.NorthBay.Id, ana = _w.Ana.Coordinator.Id, ben = _w.Ben.Coordinator.Id });
        await _w.Db.ExecuteAsync("""
            INSERT INTO deliveries (alert_id, subscriber_id, channel, status)
            SELECT @original, s.id, s.channel, CASE WHEN s.id = ANY(@failed) THEN 'failed' ELSE 'delivered' END
            FROM subscribers s WHERE s.id = ANY(@all)
            """, new { original, failed, all = reached.Concat(reachedTelegram).Concat(failed).ToArray() });
        // After the original: one recipient leaves, three people join. Neither change may widen the retraction.
        await _w.Db.StopAsync(reached[0]);
        await _w.AddSubscribersAsync("napa", "sms", "en", 3);

        var response = await PostDraftAsync(_w.Ana, new { kind = "retraction", replyTo = original, texts = new { en = "The Main St. report was wrong.", es = "El aviso de Main St. era falso." } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = await JsonAsync(response);
        Assert.Equal(4, draft.GetProperty("recipients").GetProperty("sms").GetInt32());
        Assert.Equal(2, draft.GetProperty("recipients").GetProperty("telegram").GetInt32());
        Assert.Equal(original, draft.GetProperty("replyTo").GetInt64());
        Assert.Equal(new[] { "napa" }, draft.GetProperty("counties").EnumerateArray().Select(c => c.GetString()!));
        Assert.StartsWith($"RETRACTION #{draft.GetProperty("id").GetInt64()} (re #{original}) - North Bay RRN\n",
            draft.GetProperty("messages").GetProperty("en").GetProperty("preview").GetString());
    }

    [Fact]
    public async Task FollowUp_OfUnsentDraftOrWithOtherCounties_400()
    {
        var draft = await DraftAsync(_w.Ana);
        var ofDraft = await PostDraftAsync(_w.Ana, new { kind = "update", replyTo = draft, texts = new { en = "Update", es = "Novedad" } });
        await _w.Db.ExecuteAsync("UPDATE alerts SET status = 'sent', verifier_id = @ben WHERE id = @draft", new { draft, ben = _w.Ben.Coordinator.Id });
        var otherCounties = await PostDraftAsync(_w.Ana, new { kind = "all-clear", replyTo = draft, counties = new[] { "sonoma" }, texts = new { en = "Clear", es = "Despejado" } });

        Assert.Equal(HttpStatusCode.BadRequest, ofDraft.StatusCode);
        Assert.Contains("never sent", (await JsonAsync(ofDraft)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, otherCounties.StatusCode);
        Assert.Contains("recipients of alert", (await JsonAsync(otherCounties)).GetProperty("detail").GetString());
        Assert.Equal(1, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
    }

    private async Task AssertNothingWrittenAsync()
    {
        Assert.Equal(0, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal(0, await _w.Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE alert_id IS NOT NULL"));
        Assert.Equal(0, await _w.Db.ScalarAsync<long>(
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%BroadcastJob%' OR invocationdata::text LIKE '%DraftNotificationJob%'"));
    }
}
