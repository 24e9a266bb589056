using Broadcaster.Delivery;
using Broadcaster.Tests.Channels.Telegram;
using Broadcaster.Tests.Infrastructure;
using Hangfire;

namespace Broadcaster.Tests.Delivery;

/// <summary>A verified alert fanned out over the real Telegram.Bot SDK to a fake Bot API.</summary>
public sealed class TelegramBroadcastTests : IAsyncLifetime
{
    private const long English = 5550001, Spanish = 5550002, Elsewhere = 5550003, Blocked = 5550004, Channel = -1005550100;

    private TestDatabase _db = null!;
    private FakeTelegram _telegram = null!;
    private TestApp _app = null!;
    private Seed _seed = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _telegram = await FakeTelegram.StartAsync();
        _seed = new Seed(_db);
        _app = await TestApp.StartAsync(_db, TelegramTestbed.Settings(_telegram));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task VerifiedAlert_ReachesEachTelegramSubscriberOnceInTheirLanguage_AndA403StopsThatSubscriber()
    {
        var network = await _seed.NetworkAsync("la-rrn", "los-angeles", "orange");
        var author = (await _seed.CoordinatorAsync("la-rrn", "Ana")).Coordinator.Id;
        await _db.ExecuteAsync("UPDATE areas SET telegram_channel_chat_id = @Channel WHERE slug = 'los-angeles'", new { Channel });
        await _seed.SubscriberAsync("telegram", English.ToString(), "en", "los-angeles");
        await _seed.SubscriberAsync("telegram", Spanish.ToString(), "es", "los-angeles", "orange");
        await _seed.SubscriberAsync("telegram", Elsewhere.ToString(), "en", "san-diego");
        var blocked = await _seed.SubscriberAsync("telegram", Blocked.ToString(), "en", "orange");
        _telegram.Fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chatId: Blocked);
        var alert = await _seed.AlertAsync(network.Id, author, ["los-angeles", "orange"]);

        _app.Get<IBackgroundJobClient>().Enqueue<BroadcastJob>(j => j.PlanAsync(alert));

        await Eventually.HoldsAsync(() => _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @alert", new { alert }),
            s => s == "sent", "the alert is sent");
        await Eventually.HoldsAsync(() => Task.FromResult(_telegram.Sent.Count(m => m.ChatId == Channel)), n => n == 1, "the county channel got its post");
        var sent = _telegram.Sent.Where(m => m.ChatId != Channel).ToList();
        Assert.Equal(new long?[] { English, Spanish, Blocked }.Order(), sent.Select(m => m.ChatId).Order());
        Assert.Contains("VERIFIED ALERT", sent.Single(m => m.ChatId == English).Text);
        Assert.Contains("Checkpoint reported at Main St", sent.Single(m => m.ChatId == English).Text);
        Assert.Contains("ALERTA VERIFICADA", sent.Single(m => m.ChatId == Spanish).Text);
        Assert.Contains("Retén reportado en Main St", sent.Single(m => m.ChatId == Spanish).Text);
        var (status, cipher) = (await _db.QueryAsync<(string, byte[]?)>("SELECT status, address_cipher FROM subscribers WHERE id = @blocked", new { blocked })).Single();
        Assert.Equal("stopped", status);
        Assert.Null(cipher);
        Assert.Equal(2, await _db.ScalarAsync<int>("SELECT count_sent + count_delivered FROM alerts WHERE id = @alert", new { alert }));
    }
}
