using System.Net;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class TelegramWebhookTests : TelegramTestbed
{
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
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates"));
        Assert.Empty(Fake.Sent);
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
        Assert.Empty(Fake.Sent);
    }

    [Fact]
    public async Task Start_WithPublicUrl_SetsWebhookWithSecret()
    {
        var call = await Eventually.HoldsAsync(() => Task.FromResult(Fake.CallsTo("setWebhook").FirstOrDefault()), c => c is not null, "setWebhook called");

        Assert.Equal("https://alerts.example.org/webhooks/telegram", (string?)call!.Args["url"]);
        Assert.Equal(Secret, (string?)call.Args["secret_token"]);
        Assert.Equal("""["message","callback_query"]""", call.Args["allowed_updates"]!.ToJsonString());
    }

    [Fact]
    public async Task SameUpdateDeliveredTwice_HandledOnce()
    {
        var update = BotUpdates.Message(41, Chat, "/start los-angeles");

        await SendAsync(update);
        await SendAsync(update);

        Assert.Single(Fake.Sent);
        Assert.Equal(["los-angeles"], await CountiesAsync());
    }

    [Fact]
    public async Task Update_InterruptedBeforeItsWorkFinished_NotMarkedHandled_RedeliveryHandlesIt()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        Fake.Script("sendMessage", 502, "Bad Gateway", delay: TimeSpan.FromSeconds(20));
        var stop = System.Text.Json.JsonSerializer.Deserialize<global::Telegram.Bot.Types.Update>(
            BotUpdates.Message(2, Chat, "/stop"), global::Telegram.Bot.JsonBotAPI.Options)!;
        using var dying = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => App.Get<Broadcaster.Channels.Telegram.TelegramUpdates>().HandleAsync(stop, dying.Token));
        var markedWhileInterrupted = await Db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = 2");
        await SendAsync(BotUpdates.Message(2, Chat, "/stop"));

        Assert.Equal(0L, markedWhileInterrupted);
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = 2"));
        Assert.Equal([("stopped", "en")], await SubscribersAsync());
    }

    [Fact]
    public async Task GroupChat_Ignored()
    {
        await SendAsync(BotUpdates.GroupMessage(1, -100555, "/start los-angeles"));

        Assert.Empty(Fake.Sent);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task ReplyBlocked403_StopsAndErasesTheSubscriber()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        Fake.Fail("sendMessage", 403, "Forbidden: bot was blocked by the user");

        await SendAsync(BotUpdates.Message(2, Chat, "/help"));

        Assert.Equal([("stopped", "en")], await SubscribersAsync());
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
        Fake.AssertScriptsUsed();
    }

    [Fact]
    public async Task Subscribed_ChatIdNowhereInPlaintext()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        await SendAsync(BotUpdates.Message(2, Chat, "/lang es"));

        var dump = string.Join("\n", await Db.QueryAsync<string>("""
            SELECT s::text || encode(coalesce(address_cipher, ''), 'escape') || encode(address_index, 'escape') FROM subscribers s
            UNION ALL SELECT x::text FROM subscriptions x
            UNION ALL SELECT u::text FROM telegram_updates u
            """));
        Assert.Contains("active", dump);
        Assert.DoesNotContain(Chat.ToString(), dump);
    }
}
