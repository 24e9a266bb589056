using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Broadcaster.Alerts;
using Broadcaster.Channels.Sms;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// Replies go through their sender's rate bucket without waiting: while a sender fans an alert out at a low rate and
/// people text it, the provider never sees more than the rate allows (plus the bucket's burst: its one token and the
/// replies' bounded debt), every reply still goes out at once, and the alert still reaches everyone.
/// </summary>
public sealed class ReplyLaneTests(ITestOutputHelper output) : SmsBroadcastTestbed("los-angeles", "orange")
{
    private const int Rate = 6;
    private const int Recipients = 90;
    private const int Repliers = 50;
    private static readonly TimeSpan ReplyDebt = TimeSpan.FromSeconds(1);
    // Texts come in at about 4 a second, below the rate: a flood beyond it is the debt bound's case.
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);
    // The bucket's burst: its one token (RateBucket.Capacity) and what replies may owe it (Delivery:ReplyDebt at the rate),
    // and half a second of the rate for requests bunched on their way to the provider on a loaded machine.
    private static readonly double Burst = 1 + Rate * ReplyDebt.TotalSeconds + Rate * 0.5;

    [Fact]
    public async Task Sms_FanOutWhileStopsArrive_ProviderWithinTheRateAndEveryStopConfirmed()
    {
        await _seed.SmsSubscribersAsync(Recipients, "los-angeles");
        var repliers = await _seed.SmsSubscribersAsync(Repliers, "orange", first: 2000);
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "ICE at Main St.");
        // What Twilio's API received (alerts, the author's summary) and when.
        var sent = new ConcurrentQueue<(long At, int Tokens)>();
        _fake.Reply = r =>
        {
            sent.Enqueue((Stopwatch.GetTimestamp(), SmsSegments.Count(r.Form["Body"]).Segments));
            return TwilioReply.Accepted;
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake, Rate, extra: new Dictionary<string, string?>
        {
            ["Delivery:ReplyDebt"] = ReplyDebt.ToString(),
            ["Twilio:ManagedOptOut"] = "false",
        });

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(sent.Count), n => n > 0, "the broadcast has started");
        // Texts arrive while the alert goes out.
        var replies = new List<(long At, string? Text)>();
        foreach (var number in repliers)
        {
            var text = await StopAsync(app, number);
            replies.Add((Stopwatch.GetTimestamp(), text));
            await Task.Delay(Pace);
        }
        await _db.CompletedAsync(alert, seconds: 120);

        Assert.All(replies, r => Assert.Contains("unsubscribed", r.Text));
        Assert.Equal(Recipients, _fake.Accepted.Count(m => m.Body.Contains("ICE at Main St.")));
        // A TwiML reply leaves Twilio when its answer does; the test sees it a little later, which can move one reply
        // (texts are sent one after another) into a stretch it was not charged in.
        var events = sent.Concat(replies.Select(r => (r.At, Tokens: SmsSegments.Count(r.Text ?? "").Segments))).ToList();
        AssertWithinRate(events, Rate, Burst + 2 * events.Max(e => e.Tokens));
    }

    private static async Task<string?> StopAsync(TestApp app, string number)
    {
        using var request = TwilioSigner.SignedPost(SmsWebhook.Path, SmsTestbed.Form(number, "STOP"));
        using var response = await app.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Message")?.Value;
    }

    [Fact]
    public async Task Telegram_FanOutWhileChatsWriteIn_BotWithinTheRateAndEveryChatAnswered()
    {
        await using var bot = await FakeTelegram.StartAsync();
        var chats = Enumerable.Range(0, Recipients + Repliers).Select(i => 5551000L + i).ToList();
        foreach (var chat in chats.Take(Recipients))
            await _seed.SubscriberAsync("telegram", chat.ToString(CultureInfo.InvariantCulture), "en", "los-angeles");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], en: "ICE at Main St.");
        var settings = TelegramTestbed.Settings(bot);
        settings["Telegram:MessagesPerSecond"] = Rate.ToString(CultureInfo.InvariantCulture);
        settings["Delivery:ReplyDebt"] = ReplyDebt.ToString();
        await using var app = await DeliveryHost.StartAsync(_db, _fake, extra: settings);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(bot.Sent.Count), n => n > 0, "the broadcast has started");
        var update = 1;
        foreach (var chat in chats.Skip(Recipients))
        {
            await PostUpdateAsync(app, BotUpdates.Message(update++, chat, "/help"));
            await Task.Delay(Pace);
        }
        await _db.CompletedAsync(alert, seconds: 120);

        var calls = bot.Sent;
        Assert.All(chats.Skip(Recipients), chat => Assert.Single(calls, c => c.ChatId == chat));
        Assert.Equal(Recipients, calls.Count(c => c.Text!.Contains("ICE at Main St.")));
        var events = calls.Select(c => (c.At, Tokens: 1)).ToList();
        AssertWithinRate(events, Rate, Burst + 2);
    }

    private static async Task PostUpdateAsync(TestApp app, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);
        using var response = await app.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Every stretch of the run, from one message to a later one, held at most the rate times its length plus
    /// <paramref name="burst"/> tokens (and the last message of a stretch may straddle its end): the provider's view of a
    /// token bucket. An upper bound only: a slow machine sends less.
    /// </summary>
    private void AssertWithinRate(List<(long At, int Tokens)> events, double rate, double burst)
    {
        var sorted = events.OrderBy(e => e.At).ToList();
        var (worst, total) = (double.MinValue, sorted.Sum(e => e.Tokens));
        for (var i = 0; i < sorted.Count; i++)
        {
            var tokens = 0;
            for (var j = i; j < sorted.Count; j++)
            {
                tokens += sorted[j].Tokens;
                worst = Math.Max(worst, tokens - rate * (sorted[j].At - sorted[i].At) / Stopwatch.Frequency);
            }
        }
        var seconds = (double)(sorted[^1].At - sorted[0].At) / Stopwatch.Frequency;
        output.WriteLine($"{total} tokens in {seconds:0.0} s at {rate}/s ({total / seconds:0.00}/s); worst stretch {worst:0.0} tokens above the rate (allowed {burst:0.0})");
        Assert.InRange(worst, double.MinValue, burst);
    }
}
