using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Broadcaster.Channels;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Subscribers;

/// <summary>
/// Residents who read Vietnamese, Korean, Arabic and Tagalog sign up by SMS, pick their language by its own name,
/// and get the welcome and a verified alert in it; Tagalog, which the alert was not written in, gets the
/// network's fallback (English), and the draft answer counted who gets which.
/// </summary>
public sealed class LanguagesTests : IAsyncLifetime
{
    private const string Vietnamese = "+17075550161";
    private const string Korean = "+17075550162";
    private const string Arabic = "+17075550163";
    private const string Tagalog = "+17075550164";
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync(extra: new Dictionary<string, string?>
    {
        ["Twilio:MessagesPerSecond"] = "100",
        ["Delivery:RetryBaseDelay"] = "00:00:00.200",
    });

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task Subscribers_OwnLanguages_WelcomeAndAlertInTheirLanguageTagalogGetsFallback()
    {
        var welcomes = new Dictionary<string, string>();
        foreach (var (number, join, name) in new[]
        {
            (Vietnamese, "JOIN Napa", "TIẾNG VIỆT"), (Korean, "join 94558", "한국어"), (Arabic, "JOIN napa county", "العربية"), (Tagalog, "JOIN Napa", "Tagalog"),
        })
        {
            await _t.ReplyAsync(number, join);
            await _t.ReplyAsync(number, name);
            welcomes[number] = await _t.ReplyAsync(number, "YES");
        }

        foreach (var (number, code) in new[] { (Vietnamese, "vi"), (Korean, "ko"), (Arabic, "ar"), (Tagalog, "tl") })
            Assert.Equal(SubscriberTexts.For(code, ChannelName.Sms).Welcome(SmsTestbed.NorthBay, [Places.County("Napa")]), welcomes[number]);
        Assert.StartsWith($"{SmsTestbed.NorthBay}: Quý vị sẽ nhận cảnh báo cho quận Napa.", welcomes[Vietnamese]);

        using var ana = await CoordinatorAsync("Ana", "+17075550171");
        using var ben = await CoordinatorAsync("Ben", "+17075550172");
        var created = await ana.PostAsJsonAsync("/api/alerts", new
        {
            counties = new[] { "napa" },
            texts = new Dictionary<string, string>
            {
                ["en"] = "ICE checkpoint at 1st and Main.",
                ["vi"] = "Trạm kiểm soát ICE ở đường 1st và Main.",
                ["ko"] = "1st와 Main 교차로에 ICE 검문소.",
                ["ar"] = "نقطة تفتيش ICE عند تقاطع 1st و Main.",
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt64();
        var languages = draft.GetProperty("languages");
        foreach (var code in new[] { "vi", "ko", "ar" })
            Assert.Equal((1, 1, 0, code), Counts(languages.GetProperty(code)));
        Assert.Equal((1, 0, 1, "en"), Counts(languages.GetProperty("tl")));
        Assert.Equal("UCS-2", languages.GetProperty("ko").GetProperty("encoding").GetString());
        Assert.Contains(draft.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("No tl text (texts.tl): 1 subscriber(s) would get the English text."));

        Assert.Equal(HttpStatusCode.OK, (await ben.PostAsync($"/api/alerts/{id}/verify", null)).StatusCode);
        await _t.Db.CompletedAsync(id);

        var received = _t.Twilio.Accepted.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Select(m => m.Body).ToList());
        Assert.Equal($"CANH BAO DA XAC MINH #{id} - {SmsTestbed.NorthBay}\nTrạm kiểm soát ICE ở đường 1st và Main.\nTra loi STOP de ngung nhan", Assert.Single(received[Vietnamese]));
        Assert.Equal($"확인된 경보 #{id} - {SmsTestbed.NorthBay}\n1st와 Main 교차로에 ICE 검문소.\n그만 받으려면 STOP 답장", Assert.Single(received[Korean]));
        Assert.Equal($"تنبيه موثَّق #{id} - {SmsTestbed.NorthBay}\nنقطة تفتيش ICE عند تقاطع 1st و Main.\nأرسل STOP للمغادرة", Assert.Single(received[Arabic]));
        Assert.Equal($"BERIPIKADONG ALERTO #{id} - {SmsTestbed.NorthBay}\nICE checkpoint at 1st and Main.\nMag-reply ng STOP para umalis", Assert.Single(received[Tagalog]));
    }

    private static (int, int, int, string) Counts(JsonElement l) => (
        l.GetProperty("recipients").GetInt32(), l.GetProperty("ownText").GetInt32(), l.GetProperty("fallback").GetInt32(), l.GetProperty("readsIn").GetString()!);

    private async Task<HttpClient> CoordinatorAsync(string name, string phone)
    {
        var (_, key) = await _t.Seed.CoordinatorAsync("north-bay", name, phone);
        var http = new HttpClient { BaseAddress = _t.App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
