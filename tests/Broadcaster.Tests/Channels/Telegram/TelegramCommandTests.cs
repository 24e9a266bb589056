using Broadcaster.Tests.Infrastructure;
using Broadcaster.Channels;
using Broadcaster.Subscribers;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>Subscriber commands and buttons through the webhook: each changes the subscription and gets the core's reply.</summary>
public sealed class TelegramCommandTests : TelegramTestbed
{
    [Fact]
    public async Task StartDeepLink_County_SubscribesAtOnceAndWelcomesWithHowToStop()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        Assert.Equal([("active", "en")], await SubscribersAsync());
        Assert.Equal(["los-angeles"], await CountiesAsync());
        var reply = Assert.Single(Fake.Sent);
        Assert.Equal(Chat, reply.ChatId);
        Assert.Equal(English.Welcome("la RRN", [Places.County("Los Angeles")]), reply.Text);
        Assert.Contains("/stop", reply.Text);
    }

    [Fact]
    public async Task Start_NoCounty_OffersServedCountiesAsButtonsThenButtonSubscribes()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start"));

        var picker = Assert.Single(Fake.Sent);
        Assert.Contains("ZIP", picker.Text);
        Assert.Equal([[("Los Angeles", "join:los-angeles"), ("San Francisco", "join:san-francisco")]], picker.Buttons);
        Assert.Empty(await SubscribersAsync());

        await SendAsync(BotUpdates.Button(2, Chat, "join:san-francisco"));

        Assert.Equal("cb2", (string?)Assert.Single(Fake.CallsTo("answerCallbackQuery")).Args["callback_query_id"]);
        Assert.Equal(["san-francisco"], await CountiesAsync());
        Assert.Equal(English.Welcome("sf RRN", [Places.County("San Francisco")]), Fake.Sent[1].Text);
    }

    [Fact]
    public async Task Start_SpanishTelegramApp_PickerAndWelcomeInSpanish()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start", languageCode: "es-MX"));
        await SendAsync(BotUpdates.Button(2, Chat, "join:los-angeles", languageCode: "es-MX"));

        Assert.Contains("codigo postal", Fake.Sent[0].Text);
        Assert.Equal(Spanish.Welcome("la RRN", [Places.County("Los Angeles")]), Fake.Sent[1].Text);
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
        Assert.Equal(English.Welcome("sf RRN", [Places.County("San Francisco")]), Assert.Single(Fake.Sent).Text);
    }

    [Fact]
    public async Task Join_UnknownPlace_PoliteReplyAndNothingStored()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/join atlantis"));

        Assert.Equal(English.UnknownCounty(), Assert.Single(Fake.Sent).Text);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task Leave_OneOfTwoCounties_KeepsTheOther()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));
        await SendAsync(BotUpdates.Message(2, Chat, "/join 94110"));

        await SendAsync(BotUpdates.Message(3, Chat, "/leave los angeles"));

        Assert.Equal(["san-francisco"], await CountiesAsync());
        Assert.Equal(English.Left("la RRN", [Places.County("Los Angeles")], [Places.County("San Francisco")]), Fake.Sent[2].Text);
    }

    [Fact]
    public async Task Stop_Subscriber_StopsEverythingAndErasesTheChatId()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/stop"));

        Assert.Equal([("stopped", "en")], await SubscribersAsync());
        Assert.Empty(await CountiesAsync());
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
        Assert.Equal(English.Stopped("la RRN"), Fake.Sent[1].Text);
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
        Assert.Equal(English.Stopped("la RRN"), Fake.Sent[1].Text);
    }

    [Theory]
    [InlineData("hello, is anyone there?", "en")]
    [InlineData("si hay redada mañana", "es")]
    public async Task OtherText_PointsToTheHotlineAndStoresNothing(string text, string language)
    {
        await SendAsync(BotUpdates.Message(1, Chat, text));

        Assert.Equal(SubscriberTexts.For(language, ChannelName.Telegram).OtherGeneral(), Assert.Single(Fake.Sent).Text);
        Assert.Empty(await SubscribersAsync());
    }

    [Fact]
    public async Task HelpWordTyped_InItsLanguage()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "ayuda"));

        Assert.Equal(Spanish.HelpGeneral(), Assert.Single(Fake.Sent).Text);
    }

    [Fact]
    public async Task Lang_Es_SwitchesLanguageAndAnswersInSpanish()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/lang es"));

        Assert.Equal([("active", "es")], await SubscribersAsync());
        Assert.Equal(Spanish.LanguageSet(), Fake.Sent[1].Text);
    }

    [Fact]
    public async Task Lang_NoCode_OffersEveryLanguageAsButtonsThatSwitch()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/lang"));
        await SendAsync(BotUpdates.Button(3, Chat, "lang:ko"));

        Assert.Equal(
            [
                [("English", "lang:en"), ("Español", "lang:es"), ("繁體中文", "lang:zh-Hant")],
                [("简体中文", "lang:zh-Hans"), ("Tiếng Việt", "lang:vi"), ("Tagalog", "lang:tl")],
                [("한국어", "lang:ko"), ("Հայերեն", "lang:hy"), ("فارسی", "lang:fa")],
                [("Русский", "lang:ru"), ("ਪੰਜਾਬੀ", "lang:pa"), ("العربية", "lang:ar")],
            ],
            Fake.Sent[1].Buttons);
        Assert.Equal(SubscriberTexts.For("ko", ChannelName.Telegram).LanguageSet(), Fake.Sent[2].Text);
        Assert.Equal([("active", "ko")], await SubscribersAsync());
    }

    [Fact]
    public async Task Help_Subscriber_ProgramHotlineAndHowToLeave()
    {
        await SendAsync(BotUpdates.Message(1, Chat, "/start los-angeles"));

        await SendAsync(BotUpdates.Message(2, Chat, "/help@broadcaster_test_bot"));

        Assert.Equal(English.Help("la RRN", [new Hotline("la RRN", "+12135550199")]), Fake.Sent[1].Text);
    }
}
