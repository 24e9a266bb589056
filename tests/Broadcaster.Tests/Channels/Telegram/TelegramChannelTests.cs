using Broadcaster.Channels;
using Broadcaster.Channels.Telegram;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class TelegramChannelTests : IAsyncLifetime
{
    private FakeTelegram _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegram.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private TelegramChannel Channel(TimeSpan? timeout = null) => new(
        TelegramBot.Create(new TelegramOptions { BotToken = FakeTelegram.Token, ApiBaseUrl = _fake.BaseAddress.ToString() }, timeout ?? TelegramBot.RequestTimeout),
        NullLogger<TelegramChannel>.Instance);

    [Fact]
    public async Task Send_Accepted_PostsSendMessageWithChatIdAndTextAndReturnsMessageId()
    {
        var result = await Channel().SendAsync("987654321", "ICE activity confirmed near 5th St.", CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.Equal("1001", result.ProviderId);
        var call = Assert.Single(_fake.Calls);
        Assert.Equal("sendMessage", call.Method);
        Assert.Equal(987654321, call.ChatId);
        Assert.Equal("ICE activity confirmed near 5th St.", call.Text);
        Assert.Null(call.ReplyMarkup);
    }

    [Fact]
    public async Task Send_WithKeyboard_PostsInlineKeyboard()
    {
        var markup = new InlineKeyboardMarkup(new[] { InlineKeyboardButton.WithCallbackData("English", "lang:en"), InlineKeyboardButton.WithCallbackData("Español", "lang:es") });

        var result = await Channel().SendAsync(-100123, "Language?", markup, CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var call = Assert.Single(_fake.Sent);
        Assert.Equal(-100123, call.ChatId);
        Assert.Equal([[("English", "lang:en"), ("Español", "lang:es")]], call.Buttons);
    }

    [Fact]
    public async Task Send_PaidBroadcast_AlertsCarryAllowPaidBroadcastRepliesDoNot()
    {
        var options = new TelegramOptions { BotToken = FakeTelegram.Token, ApiBaseUrl = _fake.BaseAddress.ToString(), PaidBroadcast = true, MessagesPerSecond = 1000 };
        var paid = new TelegramChannel(TelegramBot.Create(options, TelegramBot.RequestTimeout), NullLogger<TelegramChannel>.Instance, Options.Create(options));

        await paid.SendAsync("987654321", "ICE activity confirmed near 5th St.", CancellationToken.None);
        await paid.SendAsync(987654321, "Language?", null, CancellationToken.None);
        await Channel().SendAsync("987654321", "ICE activity confirmed near 5th St.", CancellationToken.None);

        Assert.Equal([true, false, false], _fake.Sent.Select(c => c.Args["allow_paid_broadcast"]?.GetValue<bool>() ?? false));
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was blocked by the user", SendOutcome.RecipientGone)]
    [InlineData(403, "Forbidden: user is deactivated", SendOutcome.RecipientGone)]
    [InlineData(400, "Bad Request: chat not found", SendOutcome.Failed)]
    [InlineData(400, "Bad Request: message is too long", SendOutcome.Failed)]
    [InlineData(404, "Not Found", SendOutcome.Failed)]
    [InlineData(500, "Internal Server Error", SendOutcome.RetryLater)]
    [InlineData(502, "Bad Gateway", SendOutcome.RetryLater)]
    public async Task Send_BotApiError_IsClassified(int code, string description, SendOutcome expected)
    {
        _fake.Fail("sendMessage", code, description);

        var result = await Channel().SendAsync("987654321", "hello", CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal($"{code}: {description}", result.Error);
        Assert.Null(result.RetryAfter);
        Assert.Single(_fake.Calls);
        _fake.AssertScriptsUsed();
    }

    [Fact]
    public async Task Send_TooManyRequests_RetryLaterWithRetryAfterAndNoRetryInsideTheSdk()
    {
        _fake.Fail("sendMessage", 429, "Too Many Requests: retry after 7", retryAfter: 7);

        var result = await Channel().SendAsync("987654321", "hello", CancellationToken.None);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Single(_fake.Calls); // RetryThreshold = 0: the SDK did not sleep and try again
    }

    [Fact]
    public async Task Send_ProxyAnswersHtml502_RetryLater()
    {
        _fake.Script("sendMessage", 502, "<html><body>502 Bad Gateway</body></html>");

        var result = await Channel().SendAsync("987654321", "hello", CancellationToken.None);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.StartsWith("HTTP 502", result.Error);
    }

    [Fact]
    public async Task Send_NoAnswerWithinTimeout_RetryLater()
    {
        _fake.Script("sendMessage", 200, "{}", delay: TimeSpan.FromSeconds(10));

        var result = await Channel(timeout: TimeSpan.FromMilliseconds(300)).SendAsync("987654321", "hello", CancellationToken.None);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.Contains("timed out", result.Error);
    }

    [Fact]
    public async Task Send_ServerUnreachable_RetryLater()
    {
        var gone = new TelegramChannel(
            TelegramBot.Create(new TelegramOptions { BotToken = FakeTelegram.Token, ApiBaseUrl = "http://127.0.0.1:1" }, TelegramBot.RequestTimeout),
            NullLogger<TelegramChannel>.Instance);

        var result = await gone.SendAsync("987654321", "hello", CancellationToken.None);

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
    }

    [Fact]
    public async Task Send_AddressNotAChatId_FailedWithoutCallingTelegram()
    {
        var result = await Channel().SendAsync("+17075550111", "hello", CancellationToken.None);

        Assert.Equal(SendOutcome.Failed, result.Outcome);
        Assert.Empty(_fake.Calls);
    }
}
