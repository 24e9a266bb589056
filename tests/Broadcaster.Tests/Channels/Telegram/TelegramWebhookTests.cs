using System.Net;
using System.Text;
using Broadcaster.Channels;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class TelegramWebhookTests : IAsyncLifetime
{
    public const string Secret = "test-webhook-secret_123";
    private const long Chat = 5550987123;

    private TestDatabase _db = null!;
    private FakeTelegram _fake = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTelegram.StartAsync();
        var seed = new Seed(_db);
        await seed.NetworkAsync("la", "los-angeles");
        await seed.NetworkAsync("sf", "san-francisco");
        _app = await TestApp.StartAsync(_db, Settings(_fake));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    public static Dictionary<string, string?> Settings(FakeTelegram fake, string mode = "Webhook") => new()
    {
        ["Telegram:BotToken"] = FakeTelegram.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseAddress.ToString(),
        ["Telegram:UpdateMode"] = mode,
        ["Telegram:WebhookSecret"] = Secret,
        ["Telegram:PublicUrl"] = "https://alerts.example.org/",
    };

    private Task<HttpResponseMessage> PostAsync(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return _app.Http.SendAsync(request);
    }

    private async Task SendAsync(string update) => Assert.Equal(HttpStatusCode.OK, (await PostAsync(update)).StatusCode);

    private Task<List<(string Status, string Language)>> SubscribersAsync() =>
        _db.QueryAsync<(string, string)>("SELECT status, language FROM subscribers WHERE channel = 'telegram'");

    private Task<List<string>> CountiesAsync() =>
        _db.QueryAsync<string>("SELECT county_slug FROM subscriptions WHERE status = 'active' ORDER BY county_slug");

    private static SubscriberTexts English => SubscriberTexts.For("en", ChannelName.Telegram);
    private static SubscriberTexts Spanish => SubscriberTexts.For("es", ChannelName.Telegram);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    [InlineData("test-webhook-secret_1234")]
    public async Task Webhook_MissingOrWrongSecret_403AndNothingChanges(string? secret)
    {
        var response = await PostAsync(BotUpdates.Message(1, Chat, "/start los-angeles"), secret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await SubscribersAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates"));
        Assert.Empty(_fake.Sent);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"update_id\":\"abc\"}")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task Webhook_MalformedBody_400NotAnError(string body)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await SubscribersAsync());
        Assert.Empty(_fake.Sent);
    }

    [Fact]
    public async Task Start_WithPublicUrl_SetsWebhookWithSecret()
    {
        var call = await Eventually.HoldsAsync(() => Task.FromResult(_fake.CallsTo("setWebhook").FirstOrDefault()), c => c is not null, "setWebhook called");

        Assert.Equal("https://alerts.example.org/webhooks/telegram", (string?)call!.Args["url"]);
        Assert.Equal(Secret, (string?)call.Args["secret_token"]);
        Assert.Equal("""["message","callback_query"]""", call.Args["allowed_updates"]!.ToJsonString());
    }

    [Fact]
    public async Task StartDeepLink_County_SubscribesAtOnceAndWelcomesWithHowToStop()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        Assert.Equal([("active", "en")], await SubscribersAsync());
        Assert.Equal(["los-angeles"], await CountiesAsync());
        var reply = Assert.Single(_fake.Sent);
        Assert.Equal(Chat, reply.ChatId);
        Assert.Equal(English.Welcome("la RRN", ["Los Angeles"]), reply.Text);
        Assert.Contains("/stop", reply.Text);
    }

    [Fact]
    public async Task Start_NoCounty_OffersServedCountiesAsButtonsThenButtonSubscribes()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start"));

        var picker = Assert.Single(_fake.Sent);
        Assert.Contains("ZIP", picker.Text);
        Assert.Equal([[("Los Angeles", "join:los-angeles"), ("San Francisco", "join:san-francisco")]], picker.Buttons);
        Assert.Empty(await SubscribersAsync());

        await SendAsync(BotUpdates.Button(2, Chat, "join:san-francisco"));

        Assert.Equal("cb2", (string?)Assert.Single(_fake.CallsTo("answerCallbackQuery")).Args["callback_query_id"]);
        Assert.Equal(["san-francisco"], await CountiesAsync());
        Assert.Equal(English.Welcome("sf RRN", ["San Francisco"]), _fake.Sent[1].Text);
    }

    [Fact]
    public async Task Start_SpanishTelegramApp_PickerAndWelcomeInSpanish()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start", languageCode: "es-MX"));
        await SendAsync(BotUpdates.Button(2, Chat, "join:los-angeles", languageCode: "es-MX"));

        Assert.Contains("código postal", _fake.Sent[0].Text);
        Assert.Equal(Spanish.Welcome("la RRN", ["Los Angeles"]), _fake.Sent[1].Text);
        Assert.Equal([("active", "es")], await SubscribersAsync());
    }

    [Theory]
    [InlineData("/join 94110")]
    [InlineData("/join San Francisco")]
    [InlineData("94110")]
    [InlineData("san francisco")]
    [InlineData("San Francisco County")]
    [InlineData("join sf")]
    public async Task Join_CountyOrZip_Subscribes(string text)
    {
        await SendAsync(BotUpdates.Message(1, Chat, text));

        Assert.Equal(["san-francisco"], await CountiesAsync());
        Assert.Equal(English.Welcome("sf RRN", ["San Francisco"]), Assert.Single(_fake.Sent).Text);
    }

    [Fact]
    public async Task Join_UnknownPlace_PoliteReplyAndNothingStored()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/join atlantis"));

        Assert.Equal(English.UnknownCounty(), Assert.Single(_fake.Sent).Text);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task Leave_OneOfTwoCounties_KeepsTheOther()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        await SendAsync(BotUpdates.Message(2, Chat, "/join 94110"));

        await SendAsync(BotUpdates.Message(3, Chat, "/leave los angeles"));

        Assert.Equal(["san-francisco"], await CountiesAsync());
        Assert.Equal(English.Left("la RRN", "Los Angeles", ["San Francisco"]), _fake.Sent[2].Text);
    }

    [Fact]
    public async Task Stop_Subscriber_StopsEverythingAndErasesTheChatId()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/stop"));

        Assert.Equal([("stopped", "en")], await SubscribersAsync());
        Assert.Empty(await CountiesAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
        Assert.Equal(English.Stopped("la RRN"), _fake.Sent[1].Text);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("Stop.")]
    [InlineData("alto")]
    [InlineData("CANCELAR")]
    public async Task StopWordTyped_StopsLikeSlashStopInTheSubscribersLanguage(string text)
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, text));

        Assert.Equal([("stopped", "en")], await SubscribersAsync());
        Assert.Equal(English.Stopped("la RRN"), _fake.Sent[1].Text);
    }

    [Theory]
    [InlineData("hello, is anyone there?", "en")]
    [InlineData("si hay redada mañana", "es")]
    public async Task OtherText_PointsToTheHotlineAndStoresNothing(string text, string language)
    {
        await SendAsync(BotUpdates.Message(1, Chat, text));

        Assert.Equal(SubscriberTexts.For(language, ChannelName.Telegram).OtherGeneral(), Assert.Single(_fake.Sent).Text);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task HelpWordTyped_InItsLanguage()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "ayuda"));

        Assert.Equal(Spanish.HelpGeneral(), Assert.Single(_fake.Sent).Text);
    }

    [Fact]
    public async Task Lang_Es_SwitchesLanguageAndAnswersInSpanish()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/lang es"));

        Assert.Equal([("active", "es")], await SubscribersAsync());
        Assert.Equal(Spanish.LanguageSet(), _fake.Sent[1].Text);
    }

    [Fact]
    public async Task Lang_NoCode_OffersButtonsThatSwitch()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/lang"));
        await SendAsync(BotUpdates.Button(3, Chat, "lang:es"));

        Assert.Equal([[("English", "lang:en"), ("Español", "lang:es")]], _fake.Sent[1].Buttons);
        Assert.Equal(Spanish.LanguageSet(), _fake.Sent[2].Text);
        Assert.Equal([("active", "es")], await SubscribersAsync());
    }

    [Fact]
    public async Task Help_Subscriber_ProgramHotlineAndHowToLeave()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/help@broadcaster_test_bot"));

        Assert.Equal(English.Help("la RRN", [new Hotline("la RRN", "+12135550199")]), _fake.Sent[1].Text);
    }

    [Fact]
    public async Task SameUpdateDeliveredTwice_HandledOnce()
    {
        var update = BotUpdates.Message(41, Chat, "/start los-angeles");

        await SendAsync(update);
        await SendAsync(update);

        Assert.Single(_fake.Sent);
        Assert.Equal(["los-angeles"], await CountiesAsync());
    }

    [Fact]
    public async Task GroupChat_Ignored()
    {
        await SendAsync(BotUpdates.GroupMessage(1, -100555, "/start los-angeles"));

        Assert.Empty(_fake.Sent);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task ReplyBlocked403_StopsAndErasesTheSubscriber()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        _fake.Fail("sendMessage", 403, "Forbidden: bot was blocked by the user");

        await SendAsync(BotUpdates.Message(2, Chat, "/help"));

        Assert.Equal([("stopped", "en")], await SubscribersAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
        _fake.AssertScriptsUsed();
    }

    [Fact]
    public async Task Subscribed_ChatIdNowhereInPlaintext()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        await SendAsync(BotUpdates.Message(2, Chat, "/lang es"));

        var dump = string.Join("\n", await _db.QueryAsync<string>("""
            SELECT s::text || encode(coalesce(address_cipher, ''), 'escape') || encode(address_index, 'escape') FROM subscribers s
            UNION ALL SELECT x::text FROM subscriptions x
            UNION ALL SELECT u::text FROM telegram_updates u
            """));
        Assert.Contains("active", dump);
        Assert.DoesNotContain(Chat.ToString(), dump);
    }
}
