using System.Net;
using Broadcaster.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class TelegramPollerTests : IAsyncLifetime
{
    private const long Chat = 5550987123;

    private TestDatabase _db = null!;
    private FakeTelegram _fake = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTelegram.StartAsync();
        await new Seed(_db).NetworkAsync("la", "los-angeles");
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task<TestApp> StartAsync(string role = "All")
    {
        var settings = TelegramTestbed.Settings(_fake, mode: "Polling");
        settings["Broadcaster:Role"] = role;
        return TestApp.StartAsync(_db, settings);
    }

    /// <summary>Waits until the poller has asked for updates after <paramref name="offset"/> at least twice: everything below it is handled.</summary>
    private Task WaitForOffsetAsync(long offset) =>
        Eventually.HoldsAsync(() => Task.FromResult(_fake.Offsets.Count(o => o == offset)), n => n >= 2, $"two getUpdates calls with offset {offset}");

    [Fact]
    public async Task Polling_ScriptedUpdates_EachHandledOnceAndOffsetsAdvance()
    {
        _fake.QueueUpdate(BotUpdates.Message(100, Chat, "/start los-angeles"));
        _fake.QueueUpdate(BotUpdates.Message(101, Chat, "/lang es"));
        await using var app = await StartAsync();

        await WaitForOffsetAsync(102);
        _fake.QueueUpdate(BotUpdates.Message(102, Chat, "/help"));
        await WaitForOffsetAsync(103);

        Assert.Equal(3, _fake.Sent.Count);
        Assert.All(_fake.Sent, s => Assert.Equal(Chat, s.ChatId));
        Assert.Equal([("active", "es")], await _db.QueryAsync<(string, string)>("SELECT status, language FROM subscribers"));
        Assert.Null(_fake.Offsets[0]);
        Assert.Equal(_fake.Offsets.Order(), _fake.Offsets); // never goes back
        Assert.Equal(0, _fake.PendingUpdates);
        Assert.Single(_fake.CallsTo("deleteWebhook"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.PostAsync("/webhooks/telegram", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task Polling_UpdateRedeliveredAfterRestart_NotHandledAgain()
    {
        // A previous poller handled update 100 but stopped before its next getUpdates confirmed it.
        await _db.ExecuteAsync("INSERT INTO telegram_updates (bot_id, update_id) VALUES (@bot, 100)", new { bot = FakeTelegram.BotId });
        _fake.QueueUpdate(BotUpdates.Message(100, Chat, "/start los-angeles"));
        _fake.QueueUpdate(BotUpdates.Message(101, Chat, "/help"));
        await using var app = await StartAsync();

        await WaitForOffsetAsync(102);

        var reply = Assert.Single(_fake.Sent);
        Assert.DoesNotContain("You'll get alerts", reply.Text);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers"));
    }

    [Fact]
    public async Task Polling_TwoProcesses_OnePollsAndTheOtherTakesOverWhenItStops()
    {
        var first = await StartAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(_fake.CallsTo("getUpdates").Count), n => n > 0, "first process polls");
        await using var second = await StartAsync();
        _fake.QueueUpdate(BotUpdates.Message(100, Chat, "/start los-angeles"));
        await WaitForOffsetAsync(101);

        Assert.Equal(1L, await PollerLocksAsync());
        Assert.Single(_fake.Sent);

        await first.DisposeAsync();
        _fake.QueueUpdate(BotUpdates.Message(101, Chat, "/help"));
        await WaitForOffsetAsync(102);

        Assert.Equal(2, _fake.Sent.Count);
        Assert.Equal(1L, await PollerLocksAsync());
    }

    [Fact]
    public async Task Polling_WebOnlyProcess_DoesNotPoll()
    {
        await using var app = await StartAsync(role: "Web");

        Assert.Empty(app.Services.GetServices<IHostedService>().OfType<TelegramPoller>());
    }

    private Task<long> PollerLocksAsync()
    {
        var key = TelegramPoller.LockKey(FakeTelegram.BotId);
        return _db.ScalarAsync<long>("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = @hi AND objid::bigint = @lo
            """, new { hi = key >> 32, lo = key & 0xFFFF_FFFFL });
    }
}
