using Broadcaster.Channels.Telegram;
using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class AreaChannelsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private FakeTelegram _fake = null!;
    private Seed _seed = null!;
    private long _networkId;
    private long _authorId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTelegram.StartAsync();
        _seed = new Seed(_db);
        _networkId = (await _seed.NetworkAsync("north-bay", "napa", "solano", "sonoma")).Id;
        _authorId = (await _seed.CoordinatorAsync("north-bay", "Ana")).Coordinator.Id;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task<(int Code, string Out, string Err)> CliAsync(params string[] args) => _db.RunCliAsync(args);

    private Task<List<(string County, long? ChatId)>> SettingsAsync() =>
        _db.QueryAsync<(string, long?)>("SELECT slug, telegram_channel_chat_id FROM areas ORDER BY slug");

    [Fact]
    public async Task SetTelegramChannel_ServedCounty_StoredAndClearable()
    {
        var set = await CliAsync("network", "set-telegram-channel", "--network", "north-bay", "--county", "Napa", "--chat-id", "-1001234567890");

        Assert.Equal(0, set.Code);
        Assert.Equal([("napa", -1001234567890), ("solano", null), ("sonoma", null)], await SettingsAsync());

        var clear = await CliAsync("network", "set-telegram-channel", "--network", "north-bay", "--county", "napa", "--chat-id", "none");

        Assert.Equal(0, clear.Code);
        Assert.All(await SettingsAsync(), s => Assert.Null(s.ChatId));
    }

    [Theory]
    [InlineData("does not serve county 'marin'", "--network", "north-bay", "--county", "marin", "--chat-id", "-100123")]
    [InlineData("does not serve county 'napa'", "--network", "nowhere", "--county", "napa", "--chat-id", "-100123")]
    [InlineData("unknown county 'atlantis'", "--network", "north-bay", "--county", "atlantis", "--chat-id", "-100123")]
    [InlineData("--chat-id must be a number", "--network", "north-bay", "--county", "napa", "--chat-id", "@napa_alerts")]
    [InlineData("negative chat id", "--network", "north-bay", "--county", "napa", "--chat-id", "12345")]
    [InlineData("Option '--chat-id' is required", "--network", "north-bay", "--county", "napa")]
    public async Task SetTelegramChannel_BadInput_OneLineAndNothingChanges(string message, params string[] flags)
    {
        var (code, _, err) = await CliAsync(["network", "set-telegram-channel", .. flags]);

        Assert.Equal(1, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.All(await SettingsAsync(), s => Assert.Null(s.ChatId));
    }

    private async Task<TestApp> AppWithChannelsAsync()
    {
        // Napa and Sonoma share one channel, Solano has its own.
        await _db.ExecuteAsync("UPDATE areas SET telegram_channel_chat_id = CASE slug WHEN 'solano' THEN -100222 ELSE -100111 END");
        return await TestApp.StartAsync(_db, TelegramTestbed.Settings(_fake));
    }

    [Fact]
    public async Task Post_VerifiedAlert_OncePerChannelEvenWhenRunTwice()
    {
        await using var app = await AppWithChannelsAsync();
        var alertId = await _seed.AlertAsync(_networkId, _authorId, ["napa", "sonoma", "solano"], en: "Checkpoint on Hwy 29", es: "Retén en la Hwy 29");

        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);
        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Equal([-100222L, -100111L], _fake.Sent.Select(s => s.ChatId!.Value).Order());
        Assert.All(_fake.Sent, s => Assert.Equal(
            $"VERIFIED ALERT #{alertId} - north-bay RRN\nCheckpoint on Hwy 29\n\nALERTA VERIFICADA #{alertId} - north-bay RRN\nRetén en la Hwy 29", s.Text));
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(*) FROM telegram_channel_posts WHERE alert_id = @alertId AND message_id IS NOT NULL", new { alertId }));
    }

    [Fact]
    public async Task Post_OnlyTheAlertsCounties()
    {
        await using var app = await AppWithChannelsAsync();
        var alertId = await _seed.AlertAsync(_networkId, _authorId, ["solano"]);

        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Equal(-100222, Assert.Single(_fake.Sent).ChatId);
    }

    [Theory]
    [InlineData("napa-city", new[] { -100333L, -100111L })]        // the city's channel and the county's
    [InlineData("napa", new[] { -100444L, -100333L, -100111L })]   // the county's and both cities'
    [InlineData("american-canyon", new[] { -100444L, -100111L })]  // never the other city's
    public async Task Post_CityAndCountyAreas_EveryChannelWhoseAreaSharesAZipWithTheAlerts(string target, long[] expected)
    {
        await _seed.AreaAsync("north-bay", "napa-city", "Napa (city)", ["94558", "94559"]);
        await _seed.AreaAsync("north-bay", "american-canyon", "American Canyon", ["94503"]);
        await _db.ExecuteAsync("UPDATE areas SET telegram_channel_chat_id = CASE slug WHEN 'napa' THEN -100111 WHEN 'napa-city' THEN -100333 WHEN 'american-canyon' THEN -100444 END");
        await using var app = await TestApp.StartAsync(_db, TelegramTestbed.Settings(_fake));
        var alertId = await _seed.AlertAsync(_networkId, _authorId, [target]);

        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Equal(expected, _fake.Sent.Select(s => s.ChatId!.Value).Order().ToArray());
    }

    [Fact]
    public async Task SetTelegramChannel_CityArea_StoredOnThatAreaOnly()
    {
        await _seed.AreaAsync("north-bay", "napa-city", "Napa (city)", ["94558", "94559"]);

        var set = await CliAsync("network", "set-telegram-channel", "--network", "north-bay", "--area", "napa-city", "--chat-id", "-1009876");

        Assert.Equal(0, set.Code);
        Assert.Equal([("napa", null), ("napa-city", -1009876), ("solano", null), ("sonoma", null)], await SettingsAsync());
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("aborted")]
    [InlineData("expired")]
    public async Task Post_AlertNotVerified_NothingPosted(string status)
    {
        await using var app = await AppWithChannelsAsync();
        var alertId = await _seed.AlertAsync(_networkId, _authorId, ["napa"], status: status);

        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Empty(_fake.Sent);
    }

    [Fact]
    public async Task Post_RateLimited_ThrowsForRetryAndTheRetryPostsOnlyWhatIsMissing()
    {
        await using var app = await AppWithChannelsAsync();
        var alertId = await _seed.AlertAsync(_networkId, _authorId, ["napa", "solano"]);
        _fake.Fail("sendMessage", 429, "Too Many Requests: retry after 3", retryAfter: 3);

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId));
        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Equal(3, _fake.Sent.Count);
        Assert.Equal([-100222L, -100111L], _fake.Sent.Skip(1).Select(s => s.ChatId!.Value).Order());
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(*) FROM telegram_channel_posts WHERE message_id IS NOT NULL"));
    }

    [Fact]
    public async Task Post_BotNotInChannel_NotRetried()
    {
        await using var app = await AppWithChannelsAsync();
        var alertId = await _seed.AlertAsync(_networkId, _authorId, ["solano"]);
        _fake.Fail("sendMessage", 403, "Forbidden: bot is not a member of the channel chat");

        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);
        await app.Get<AreaChannelPostJob>().PostToAreaChannelsAsync(alertId);

        Assert.Single(_fake.Sent);
        _fake.AssertScriptsUsed();
    }
}
