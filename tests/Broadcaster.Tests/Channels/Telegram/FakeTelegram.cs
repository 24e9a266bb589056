using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>One Bot API call the fake received: the method, its JSON parameters, and when it arrived (Stopwatch ticks).</summary>
public sealed record BotCall(string Method, JsonObject Args, long At = 0)
{
    public long? ChatId => Args["chat_id"]?.GetValue<long>();
    public string? Text => (string?)Args["text"];
    public JsonNode? ReplyMarkup => Args["reply_markup"];

    /// <summary>The inline keyboard as rows of (text, callback_data).</summary>
    public List<List<(string Text, string? Data)>> Buttons =>
        ReplyMarkup?["inline_keyboard"]?.AsArray()
            .Select(row => row!.AsArray().Select(b => ((string)b!["text"]!, (string?)b["callback_data"])).ToList())
            .ToList() ?? [];
}

/// <summary>
/// A fake Telegram Bot API on 127.0.0.1 speaking real Bot API JSON. Answers /bot&lt;token&gt;/&lt;method&gt;:
/// sendMessage, getUpdates (with real offset semantics), setWebhook, deleteWebhook, answerCallbackQuery,
/// getMe. A test scripts error answers per method (consumed in order) and queues updates for getUpdates.
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    public const string Token = "424242:AAE-test_token-for-the-fake";
    public const long BotId = 424242;

    private readonly List<Scripted> _scripts = [];
    private readonly List<JsonObject> _pendingUpdates = [];
    private readonly Lock _gate = new();
    private FakeHttpServer _server = null!;
    private int _nextMessageId = 1000;

    private sealed record Scripted(string Method, long? ChatId, int Status, string Body, TimeSpan Delay);

    public Uri BaseAddress => _server.BaseAddress;
    public ConcurrentQueue<BotCall> Calls { get; } = new();

    public IReadOnlyList<BotCall> Sent => Calls.Where(c => c.Method == "sendMessage").ToList();
    public IReadOnlyList<BotCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>The offsets the getUpdates calls carried, in order (null when none was given).</summary>
    public IReadOnlyList<long?> Offsets => CallsTo("getUpdates").Select(c => c.Args["offset"]?.GetValue<long>()).ToList();

    public static async Task<FakeTelegram> StartAsync()
    {
        var fake = new FakeTelegram();
        fake._server = await FakeHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>The next call of <paramref name="method"/> (to <paramref name="chatId"/>, when given) fails the way the Bot API fails.</summary>
    public void Fail(string method, int errorCode, string description, int? retryAfter = null, long? chatId = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = errorCode, ["description"] = description };
        if (retryAfter is { } seconds)
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        Script(method, errorCode, error.ToJsonString(), chatId: chatId);
    }

    /// <summary>The next call of <paramref name="method"/> gets exactly this answer (after <paramref name="delay"/>).</summary>
    public void Script(string method, int status, string body, TimeSpan delay = default, long? chatId = null)
    {
        lock (_gate)
            _scripts.Add(new Scripted(method, chatId, status, body, delay));
    }

    /// <summary>Queues an update for getUpdates; update_id is part of the JSON.</summary>
    public void QueueUpdate(string updateJson)
    {
        lock (_gate)
            _pendingUpdates.Add(JsonNode.Parse(updateJson)!.AsObject());
    }

    public int PendingUpdates
    {
        get { lock (_gate) return _pendingUpdates.Count; }
    }

    /// <summary>Like courier's tests: a scripted answer nobody asked for means the code did not call what the test expected.</summary>
    public void AssertScriptsUsed()
    {
        List<string> unused;
        lock (_gate)
            unused = _scripts.Select(s => s.ChatId is { } chat ? $"{s.Method} to {chat}" : s.Method).ToList();
        Assert.True(unused.Count == 0, $"unused scripted answers: {string.Join(", ", unused)}");
    }

    private async Task HandleAsync(RecordedRequest request, HttpContext http)
    {
        var path = request.Path.Split('?')[0];
        var prefix = "/bot" + Token + "/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await WriteAsync(http, 401, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
            return;
        }
        var method = path[prefix.Length..];
        var args = request.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(request.Body)!.AsObject();
        Calls.Enqueue(new BotCall(method, args, System.Diagnostics.Stopwatch.GetTimestamp()));

        Scripted? scripted;
        lock (_gate)
        {
            var chatId = args["chat_id"]?.GetValue<long>();
            scripted = _scripts.FirstOrDefault(s => s.Method == method && (s.ChatId is null || s.ChatId == chatId));
            if (scripted is not null)
                _scripts.Remove(scripted);
        }
        if (scripted is not null)
        {
            if (scripted.Delay > TimeSpan.Zero)
                await Task.Delay(scripted.Delay, http.RequestAborted).ContinueWith(_ => { });
            await WriteAsync(http, scripted.Status, scripted.Body);
            return;
        }
        JsonNode? result = method switch
        {
            "sendMessage" => SentMessage(args),
            "getUpdates" => await UpdatesAsync(args, http.RequestAborted),
            "setWebhook" or "deleteWebhook" or "answerCallbackQuery" => true,
            "getMe" => new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Broadcaster", ["username"] = "broadcaster_test_bot" },
            _ => null,
        };
        if (result is null)
            await WriteAsync(http, 404, """{"ok":false,"error_code":404,"description":"Not Found: method not found"}""");
        else
            await WriteAsync(http, 200, new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());
    }

    private JsonObject SentMessage(JsonObject args) => new()
    {
        ["message_id"] = Interlocked.Increment(ref _nextMessageId),
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["chat"] = new JsonObject { ["id"] = args["chat_id"]!.GetValue<long>(), ["type"] = "private" },
        ["text"] = (string?)args["text"],
    };

    // Bot API semantics: an offset confirms (forgets) every update below it; the call returns those at or
    // above it. With nothing pending it holds the request briefly, as a long poll would.
    private async Task<JsonArray> UpdatesAsync(JsonObject args, CancellationToken ct)
    {
        var offset = args["offset"]?.GetValue<long>();
        for (var i = 0; i < 10; i++)
        {
            lock (_gate)
            {
                if (offset is { } o)
                    _pendingUpdates.RemoveAll(u => u["update_id"]!.GetValue<long>() < o);
                if (_pendingUpdates.Count > 0)
                    return new JsonArray(_pendingUpdates.Select(u => (JsonNode)u.DeepClone()).ToArray());
            }
            try { await Task.Delay(50, ct); } catch (OperationCanceledException) { break; }
        }
        return [];
    }

    private static async Task WriteAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
        await http.Response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
