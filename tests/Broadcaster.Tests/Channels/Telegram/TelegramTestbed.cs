using System.Net;
using System.Text;
using Broadcaster.Channels;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>
/// The real service in Webhook mode against a <see cref="FakeTelegram"/>, with networks serving Los Angeles
/// (la RRN) and San Francisco (sf RRN); updates are posted to /webhooks/telegram as Telegram would.
/// </summary>
public abstract class TelegramTestbed : IAsyncLifetime
{
    public const string Secret = "test-webhook-secret_0123456789abcdef";
    protected const long Chat = 5550987123;

    protected TestDatabase Db { get; private set; } = null!;
    protected FakeTelegram Fake { get; private set; } = null!;
    protected TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Fake = await FakeTelegram.StartAsync();
        var seed = new Seed(Db);
        await seed.NetworkAsync("la", "los-angeles");
        await seed.NetworkAsync("sf", "san-francisco");
        App = await TestApp.StartAsync(Db, Settings(Fake));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Fake.DisposeAsync();
        await Db.DisposeAsync();
    }

    public static Dictionary<string, string?> Settings(FakeTelegram fake, string mode = "Webhook") => new()
    {
        ["Telegram:BotToken"] = FakeTelegram.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseAddress.ToString(),
        ["Telegram:UpdateMode"] = mode,
        ["Telegram:WebhookSecret"] = Secret,
        ["Telegram:PublicUrl"] = "https://alerts.example.org/",
    };

    protected Task<HttpResponseMessage> PostAsync(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return App.Http.SendAsync(request);
    }

    protected async Task SendAsync(string update) => Assert.Equal(HttpStatusCode.OK, (await PostAsync(update)).StatusCode);

    protected Task<List<(string Status, string Language)>> SubscribersAsync() =>
        Db.QueryAsync<(string, string)>("SELECT status, language FROM subscribers WHERE channel = 'telegram'");

    protected Task<List<string>> CountiesAsync() =>
        Db.QueryAsync<string>("SELECT a.slug FROM subscriptions s JOIN areas a ON a.id = s.area_id WHERE s.status = 'active' ORDER BY a.slug");

    protected static SubscriberTexts English => SubscriberTexts.For("en", ChannelName.Telegram);
    protected static SubscriberTexts Spanish => SubscriberTexts.For("es", ChannelName.Telegram);
}
