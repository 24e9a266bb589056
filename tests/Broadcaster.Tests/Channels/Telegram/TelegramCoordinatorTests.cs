using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Broadcaster.Coordinators;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>
/// Coordinator commands reach <see cref="ICoordinatorCommands"/> (implemented by the alerts feature) only from
/// registered Telegram user ids. Here a recording implementation stands in for it, registered over the
/// service's own, so these tests show the routing, not the alert flow.
/// </summary>
public sealed class TelegramCoordinatorTests : IAsyncLifetime
{
    private const long CoordinatorUser = 31337;
    private const long Stranger = 5550987123;

    private TestDatabase _db = null!;
    private FakeTelegram _fake = null!;
    private TestApp _app = null!;
    private readonly RecordingCommands _commands = new();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTelegram.StartAsync();
        var seed = new Seed(_db);
        await seed.NetworkAsync("la", "los-angeles");
        await seed.CoordinatorAsync("la", "Ana", telegramUserId: CoordinatorUser);
        _app = await TestApp.StartAsync(_db, TelegramTestbed.Settings(_fake), s => s.AddSingleton<ICoordinatorCommands>(_commands));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task SendAsync(string update)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);
        Assert.Equal(HttpStatusCode.OK, (await _app.Http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("/alert los-angeles Checkpoint at 5th and Main", "/alert los-angeles Checkpoint at 5th and Main")]
    [InlineData("/verify@broadcaster_test_bot 12", "/verify 12")]
    [InlineData("/abort 12", "/abort 12")]
    [InlineData("/status 12", "/status 12")]
    public async Task CoordinatorCommand_FromRegisteredUser_HandledAndAnswered(string text, string passed)
    {
        await SendAsync(BotUpdates.Message(1, CoordinatorUser, text));

        var (coordinator, received) = Assert.Single(_commands.Received);
        Assert.Equal("Ana", coordinator.Name);
        Assert.Equal(passed, received);
        var reply = Assert.Single(_fake.Sent);
        Assert.Equal(CoordinatorUser, reply.ChatId);
        Assert.Equal("handled: " + passed, reply.Text);
    }

    [Fact]
    public async Task CoordinatorCommand_FromStranger_NeverReachesTheCommands()
    {
        await SendAsync(BotUpdates.Message(1, Stranger, "/verify 12"));

        Assert.Empty(_commands.Received);
        Assert.DoesNotContain("handled", Assert.Single(_fake.Sent).Text);
    }

    [Fact]
    public async Task Coordinator_SubscriberCommand_IsASubscriberCommand()
    {
        await SendAsync(BotUpdates.Message(1, CoordinatorUser, "/start los-angeles"));

        Assert.Empty(_commands.Received);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscriptions s JOIN areas a ON a.id = s.area_id WHERE a.slug = 'los-angeles'"));
    }

    private sealed class RecordingCommands : ICoordinatorCommands
    {
        public ConcurrentQueue<(Coordinator, string)> Received { get; } = new();

        public Task<string?> TryHandleAsync(Coordinator coordinator, string text, CancellationToken ct)
        {
            Received.Enqueue((coordinator, text));
            var verb = text.Split(' ')[0];
            return Task.FromResult<string?>(verb is "/alert" or "/verify" or "/abort" or "/status" ? "handled: " + text : null);
        }
    }
}
