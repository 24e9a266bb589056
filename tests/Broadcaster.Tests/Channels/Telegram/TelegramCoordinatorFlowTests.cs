using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>The alert flow run from Telegram with the real coordinator commands: one drafts, the other is asked and verifies.</summary>
public sealed partial class TelegramCoordinatorFlowTests : IAsyncLifetime
{
    private const long Ana = 31337;
    private const long Bo = 31338;

    private TestDatabase _db = null!;
    private FakeTelegram _fake = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTelegram.StartAsync();
        var seed = new Seed(_db);
        await seed.NetworkAsync("la", "los-angeles");
        await seed.CoordinatorAsync("la", "Ana", telegramUserId: Ana);
        await seed.CoordinatorAsync("la", "Bo", telegramUserId: Bo);
        _app = await TestApp.StartAsync(_db, TelegramTestbed.Settings(_fake));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task SendAsync(long updateId, long from, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(BotUpdates.Message(updateId, from, text), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestbed.Secret);
        Assert.Equal(HttpStatusCode.OK, (await _app.Http.SendAsync(request)).StatusCode);
    }

    private List<string> To(long chat) => _fake.Sent.Where(s => s.ChatId == chat).Select(s => s.Text!).ToList();

    [Fact]
    public async Task AlertFromTelegram_OtherCoordinatorAskedOnTelegram_VerifiesWithoutSlash()
    {
        await SendAsync(1, Ana, "/alert@broadcaster_test_bot los angeles Checkpoint at 5th and Main ES: Retén en la 5 y Main");

        var id = long.Parse(DraftPattern().Match(Assert.Single(To(Ana))).Groups[1].Value);
        Assert.Equal("draft", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        var notice = await Eventually.HoldsAsync(() => Task.FromResult(To(Bo)), m => m.Count > 0, "Bo asked to verify on Telegram");
        Assert.Contains($"VERIFY {id}", Assert.Single(notice));

        await SendAsync(2, Bo, $"VERIFY {id}");

        Assert.Contains($"Alert #{id} verified", To(Bo).Last());
        Assert.NotEqual("draft", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task VerifyOwnDraft_Refused()
    {
        await SendAsync(1, Ana, "/alert los-angeles Checkpoint at 5th and Main");
        var id = long.Parse(DraftPattern().Match(Assert.Single(To(Ana))).Groups[1].Value);

        await SendAsync(2, Ana, $"/verify {id}");

        Assert.Contains("second coordinator", To(Ana).Last());
        Assert.Equal("draft", await _db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
    }

    [GeneratedRegex(@"^Draft #(\d+) ")]
    private static partial Regex DraftPattern();
}
