using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Chaos;

/// <summary>
/// The web process of a chaos run (role web, in this process, as AppHost composes it) and every call the run makes
/// to it as the outside world would: Twilio's signed inbound webhook, Telegram's webhook, the coordinators' API.
/// Every answer of 500 or more is counted: the service must never give one, whatever the providers do.
/// </summary>
public sealed class ChaosService : IAsyncDisposable
{
    public const string PublicUrl = "https://chaos.invalid";
    public const string WebhookSecret = "chaos-webhook-secret-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly List<string> _serverErrors = [];
    private long _updateId = 1000;

    private ChaosService(WebApplication app)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public IServiceProvider Services => _app.Services;

    public IReadOnlyList<string> ServerErrors
    {
        get { lock (_serverErrors) return _serverErrors.ToList(); }
    }

    /// <summary>Settings every process of the run shares: the database, the key, both providers pointed at the fake.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string encryptionKey, ChaosProvider provider, ChaosOptions options)
    {
        var settings = Common(connectionString, encryptionKey, provider, options);
        foreach (var (key, value) in options.Settings)
            settings[key] = value;
        return settings;
    }

    private static Dictionary<string, string?> Common(string connectionString, string encryptionKey, ChaosProvider provider, ChaosOptions options) => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        ["Privacy:EncryptionKey"] = encryptionKey,
        ["Twilio:AccountSid"] = ChaosProvider.AccountSid,
        ["Twilio:AuthToken"] = ChaosProvider.AuthToken,
        ["Twilio:From"] = "+12135550100",
        ["Twilio:PublicUrl"] = PublicUrl,
        ["Twilio:ApiBaseUrl"] = provider.BaseAddress.ToString().TrimEnd('/'),
        ["Twilio:MessagesPerSecond"] = options.SmsRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Telegram:BotToken"] = ChaosProvider.BotToken,
        ["Telegram:ApiBaseUrl"] = provider.BaseAddress.ToString(),
        ["Telegram:UpdateMode"] = "Webhook",
        ["Telegram:WebhookSecret"] = WebhookSecret,
        ["Telegram:PublicUrl"] = PublicUrl,
        ["Telegram:MessagesPerSecond"] = options.TelegramRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Broadcaster:Simulator"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<ChaosService> StartAsync(string environment, IDictionary<string, string?> settings)
    {
        var app = AppHost.Build(["--environment", environment], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Broadcaster:Role"] = "web" });
            b.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await app.StartAsync();
        return new ChaosService(app);
    }

    /// <summary>An SMS from <paramref name="from"/> to a network's number, signed as Twilio signs it.</summary>
    public Task<HttpResponseMessage> TextAsync(string from, string to, string body)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = ChaosProvider.AccountSid, ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["From"] = from, ["To"] = to, ["Body"] = body,
        };
        // https://www.twilio.com/docs/usage/webhooks/webhooks-security: the URL, then every field sorted by name.
        var signed = PublicUrl + "/webhooks/twilio/sms" + string.Concat(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + f.Value));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(ChaosProvider.AuthToken), Encoding.UTF8.GetBytes(signed)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/sms") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return CallAsync(request);
    }

    /// <summary>A private-chat message to the bot, pushed as Telegram pushes it.</summary>
    public Task<HttpResponseMessage> TelegramAsync(long chatId, string text)
    {
        var updateId = Interlocked.Increment(ref _updateId);
        var message = new JsonObject
        {
            ["message_id"] = updateId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Rosa", ["language_code"] = "en" },
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Rosa" },
            ["text"] = text,
            ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.Split(' ')[0].Length, ["type"] = "bot_command" }),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(new JsonObject { ["update_id"] = updateId, ["message"] = message }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", WebhookSecret);
        return CallAsync(request);
    }

    /// <summary>A coordinator's API call; the answer's JSON, or null with the refusal noted in <paramref name="refusals"/>.</summary>
    public async Task<JsonElement?> ApiAsync(HttpMethod method, string path, string key, object? body, List<string> refusals)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await CallAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            lock (refusals)
                refusals.Add($"{method} {path}: {(int)response.StatusCode} {text}");
            return null;
        }
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request)
    {
        var path = request.RequestUri?.ToString();
        var response = await _http.SendAsync(request);
        if ((int)response.StatusCode >= 500)
            lock (_serverErrors)
                _serverErrors.Add($"{request.Method} {path}: {(int)response.StatusCode}");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
