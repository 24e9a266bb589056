using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.Chaos;

/// <summary>A message the fake accepted: when it arrived (Stopwatch ticks), on which channel, to whom, from which sender.</summary>
public sealed record ChaosArrival(long At, string Channel, string To, string From, string Body);

/// <summary>
/// Twilio's Messages endpoint and the Bot API's sendMessage on one local server, failing the way providers fail:
/// a share of requests answered 429 with Retry-After (Twilio's header, Telegram's parameters.retry_after), a share
/// answered 5xx (HTML gateway pages, empty bodies, JSON errors) or cut off (the connection reset), and, while
/// <see cref="Outage"/> is on, every request. A request that fails is never counted as accepted.
/// </summary>
public sealed class ChaosProvider : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000c05";
    public const string AuthToken = "chaos-auth-token-0005";
    public const string BotToken = "515151:AAE-chaos_token-for-the-fake";
    private const string MessagesPath = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private const string GatewayPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

    private readonly WebApplication _app;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private long _sequence;
    private int _outageAnswers;

    private ChaosProvider(WebApplication app, int seed)
    {
        _app = app;
        _random = new Random(seed);
    }

    public double RateLimitedShare { get; set; }
    public double ServerErrorShare { get; set; }

    /// <summary>While true, every send fails (503 pages, empty 500s and resets in turn).</summary>
    public volatile bool Outage;

    public ConcurrentQueue<ChaosArrival> Accepted { get; } = new();
    public ConcurrentDictionary<string, int> Faults { get; } = new();
    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Starts answering every request well; set the shares (and the outage) when the chaos begins.</summary>
    public static async Task<ChaosProvider> StartAsync(int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new ChaosProvider(app, seed);
        app.MapPost(MessagesPath, fake.TwilioAsync);
        app.MapPost("/bot" + BotToken + "/{method}", fake.TelegramAsync);
        // The service erases each message at Twilio once it is final (and each inbound one once answered).
        app.MapDelete($"/2010-04-01/Accounts/{AccountSid}/Messages/{{sid}}.json", () => Results.NoContent());
        await app.StartAsync();
        return fake;
    }

    private enum Fault { None, RateLimited, HtmlGateway, EmptyUnavailable, JsonServerError, Reset }

    private Fault Decide()
    {
        if (Outage)
            return (Interlocked.Increment(ref _outageAnswers) % 3) switch { 0 => Fault.HtmlGateway, 1 => Fault.EmptyUnavailable, _ => Fault.Reset };
        double roll;
        int pick;
        lock (_gate)
        {
            roll = _random.NextDouble();
            pick = _random.Next(4);
        }
        if (roll < RateLimitedShare)
            return Fault.RateLimited;
        if (roll < RateLimitedShare + ServerErrorShare)
            return (Fault)((int)Fault.HtmlGateway + pick);
        return Fault.None;
    }

    // Arrival is taken before anything else: the provider had the message from then on.
    private async Task TwilioAsync(HttpContext http)
    {
        var arrived = Stopwatch.GetTimestamp();
        var form = await http.Request.ReadFormAsync();
        var fault = Decide();
        if (await FailAsync(http, fault, """{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}""",
                """{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":500}"""))
            return;
        var (to, from, body) = (form["To"].ToString(), form["From"].ToString(), form["Body"].ToString());
        var sid = $"SM{Interlocked.Increment(ref _sequence):x32}";
        Accepted.Enqueue(new ChaosArrival(arrived, "sms", to, from, body));
        http.Response.StatusCode = 201;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            sid, account_sid = AccountSid, to, from, body, status = "queued", num_segments = "1", direction = "outbound-api",
            api_version = "2010-04-01", uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        }));
    }

    private async Task TelegramAsync(HttpContext http, string method)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync();
        var args = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        if (method != "sendMessage")
        {
            // setWebhook, deleteWebhook, answerCallbackQuery and the like: nothing to fail for the broadcast.
            await WriteAsync(http, 200, method == "getUpdates" ? """{"ok":true,"result":[]}""" : """{"ok":true,"result":true}""");
            return;
        }
        if (await FailAsync(http, Decide(), """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""",
                """{"ok":false,"error_code":500,"description":"Internal Server Error"}"""))
            return;
        var chatId = args["chat_id"]!.GetValue<long>();
        Accepted.Enqueue(new ChaosArrival(arrived, "telegram", chatId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "telegram", (string?)args["text"] ?? ""));
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _sequence),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
            ["text"] = (string?)args["text"],
        };
        await WriteAsync(http, 200, new JsonObject { ["ok"] = true, ["result"] = message }.ToJsonString());
    }

    /// <summary>Answers the fault, if any; true when the request failed.</summary>
    private async Task<bool> FailAsync(HttpContext http, Fault fault, string rateLimitedJson, string serverErrorJson)
    {
        if (fault == Fault.None)
            return false;
        Faults.AddOrUpdate(Outage ? "outage" : fault.ToString(), 1, (_, n) => n + 1);
        switch (fault)
        {
            case Fault.RateLimited:
                http.Response.Headers.RetryAfter = "1";
                await WriteAsync(http, 429, rateLimitedJson);
                break;
            case Fault.HtmlGateway:
                await WriteAsync(http, 502, GatewayPage);
                break;
            case Fault.EmptyUnavailable:
                http.Response.StatusCode = 503;
                break;
            case Fault.JsonServerError:
                await WriteAsync(http, 500, serverErrorJson);
                break;
            case Fault.Reset:
                http.Abort();
                break;
        }
        return true;
    }

    private static async Task WriteAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
        await http.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
