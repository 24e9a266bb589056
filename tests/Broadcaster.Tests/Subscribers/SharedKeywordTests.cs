using System.Net;
using System.Text;
using Broadcaster.Channels;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;
using Dapper;

namespace Broadcaster.Tests.Subscribers;

/// <summary>
/// One keyword table for both channels: the same typed text, from an English subscriber of Los Angeles and Orange,
/// has the same effect by SMS (signed Twilio webhook) and by Telegram (plain text in the bot chat).
/// </summary>
public sealed class SharedKeywordTests : IAsyncLifetime
{
    private const string Number = "+12135550177";
    private const long Chat = 5550177;
    private const string Both = "los-angeles:active,orange:active";
    private FakeTelegram _telegram = null!;
    private SmsTestbed _t = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegram.StartAsync();
        _t = await SmsTestbed.StartAsync(extra: TelegramTestbed.Settings(_telegram));
        await _t.Seed.SubscriberAsync(ChannelName.Sms, Number, "en", "los-angeles", "orange");
        await _t.Seed.SubscriberAsync(ChannelName.Telegram, Chat.ToString(), "en", "los-angeles", "orange");
    }

    public async Task DisposeAsync()
    {
        await _t.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        { "STOP", "stopped", "en", "" },
        { "  Stop!! ", "stopped", "en", "" },
        { "ALTO", "stopped", "en", "" },
        { "СТОП", "stopped", "en", "" },
        { "退訂", "stopped", "en", "" },
        { "Hủy", "stopped", "en", "" },
        { "إيقاف", "stopped", "en", "" },
        { "ਰੋਕੋ", "stopped", "en", "" },
        { "LEAVE Orange", "active", "en", "los-angeles:active" },
        { "salir orange", "active", "en", "los-angeles:active" },
        { "JOIN Napa", "active", "en", "los-angeles:active,napa:active,orange:active" },
        { "HELP", "active", "en", Both },
        { "hello there", "active", "en", Both },
        { "Español", "active", "es", Both },
        { "中文", "active", "zh-Hant", Both },
        { "简体中文", "active", "zh-Hans", Both },
        { "Tiếng Việt", "active", "vi", Both },
        { "TIENG VIET", "active", "vi", Both },
        { "Tagalog", "active", "tl", Both },
        { "한국어", "active", "ko", Both },
        { "ՀԱՅԵՐԵՆ", "active", "hy", Both },
        { "Հայերեն", "active", "hy", Both },
        { "فارسی", "active", "fa", Both },
        { "فارسي", "active", "fa", Both },
        { "Русский", "active", "ru", Both },
        { "ਪੰਜਾਬੀ", "active", "pa", Both },
        { "العربية", "active", "ar", Both },
        { "LANG zh-Hans", "active", "zh-Hans", Both },
        { "lang VI", "active", "vi", Both },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Keyword_SameTextBySmsAndTelegram_SameEffect(string text, string status, string language, string counties)
    {
        var sms = await _t.TextAsync(Number, text);
        await PostTelegramAsync(text);

        Assert.Equal((status, language, counties), await StateAsync(ChannelName.Sms, Number));
        Assert.Equal((status, language, counties), await StateAsync(ChannelName.Telegram, Chat.ToString()));
        if (language != "en")
        {
            Assert.Equal(SubscriberTexts.For(language, ChannelName.Sms).LanguageSet(), sms);
            Assert.Equal(SubscriberTexts.For(language, ChannelName.Telegram).LanguageSet(), Assert.Single(_telegram.Sent).Text);
        }
    }

    private async Task PostTelegramAsync(string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(BotUpdates.Message(1, Chat, text), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);
        using var response = await _t.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(string, string, string)> StateAsync(string channel, string address)
    {
        await using var conn = await _t.Db.DataSource.OpenConnectionAsync();
        var index = _t.Seed.Protector.BlindIndex(channel, address);
        var (status, language) = await conn.QuerySingleAsync<(string, string)>(
            "SELECT status, language FROM subscribers WHERE channel = @channel AND address_index = @index", new { channel, index });
        var counties = await conn.QueryAsync<string>("""
            SELECT a.slug || ':' || p.status FROM subscriptions p JOIN subscribers s ON s.id = p.subscriber_id JOIN areas a ON a.id = p.area_id
            WHERE s.channel = @channel AND s.address_index = @index ORDER BY a.slug
            """, new { channel, index });
        return (status, language, string.Join(",", counties));
    }
}
