using System.Collections.Concurrent;
using System.Text.Json;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>The body of an error answer: Twilio's JSON, a gateway's HTML page, or nothing.</summary>
public enum TwilioBody { Json, Html, Empty }

/// <summary>
/// A failure below HTTP: no answer at all (the client's timeout ends the wait), the connection dropped, or the
/// connection dropped after Twilio took the message (the message goes out, its answer never arrives).
/// </summary>
public enum WireFault { None, Hang, Reset, AnswerLost }

/// <summary>What the fake answers to one Messages.json request.</summary>
public sealed record TwilioReply(int Status, int Code = 0, string Message = "", int? RetryAfterSeconds = null, TwilioBody Body = TwilioBody.Json,
    WireFault Fault = WireFault.None)
{
    public static readonly TwilioReply Accepted = new(201);
    public static readonly TwilioReply Hang = new(0, Fault: WireFault.Hang);
    public static readonly TwilioReply Reset = new(0, Fault: WireFault.Reset);
    public static readonly TwilioReply AnswerLost = new(0, Fault: WireFault.AnswerLost);
    public static TwilioReply Error(int status, int code, string message = "error") => new(status, code, message);
    public static TwilioReply RateLimited(int? retryAfterSeconds = 1) => new(429, 20429, "Too Many Requests", retryAfterSeconds);
    /// <summary>A gateway error in front of Twilio's API (500, 502, 503) with the given body.</summary>
    public static TwilioReply Gateway(int status, TwilioBody body) => new(status, status == 500 ? 20500 : 0, "Service Unavailable", Body: body);
}

/// <summary>
/// A fake Twilio REST API on 127.0.0.1: the real Twilio SDK posts to it (through Twilio:ApiBaseUrl) and it
/// answers like Twilio — 201 with a message resource, or an error body {code, message, more_info, status}. It keeps
/// the messages (outbound ones it accepted, inbound ones a test says it received) until they are deleted.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "test-auth-token-0001";
    public const string From = "+12135550100";
    public const string PublicUrl = "https://broadcaster.test";

    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentQueue<RecordedRequest> _earlier = new();
    private FakeHttpServer _server = null!;
    private int _port;
    private int _sequence;
    private long _recoveredAt;

    /// <summary>Decides the reply per request (default: accept everything). Set it before traffic starts.</summary>
    public Func<RecordedRequest, TwilioReply> Reply { get; set; } = _ => TwilioReply.Accepted;

    /// <summary>Accepted messages in arrival order, with the SID handed out.</summary>
    public ConcurrentQueue<(string Sid, string To, string Body)> Accepted { get; } = new();

    /// <summary>Who each accepted message was sent from, in arrival order: its From number or Messaging Service SID.</summary>
    public ConcurrentQueue<(string To, string Sender)> Origins { get; } = new();

    /// <summary>Messages Twilio holds, by SID, with their status: "queued" when accepted, "received" when inbound.</summary>
    public ConcurrentDictionary<string, string> Messages { get; } = new();

    /// <summary>Successful deletions (204), in arrival order.</summary>
    public ConcurrentQueue<string> Deleted { get; } = new();

    /// <summary>Decides a DELETE's reply before the fake looks the message up (default: none, the fake decides). Set it before traffic starts.</summary>
    public Func<string, TwilioReply?> DeleteReply { get; set; } = _ => null;

    /// <summary>Every request that was not a DELETE: what was sent, or tried to be.</summary>
    public IEnumerable<RecordedRequest> Sends => Requests.Where(r => r.Method != "DELETE");

    /// <summary>An inbound message Twilio received (its SID comes to the webhook as MessageSid).</summary>
    public void Receive(string sid) => Messages[sid] = "received";

    /// <summary>The status a message has reached, as Twilio would report it in a status callback.</summary>
    public void SetStatus(string sid, string status) => Messages[sid] = status;


    /// <summary>Every Messages.json request as it was answered: when (Stopwatch ticks), to whom, with which status (0: hung or reset).</summary>
    public ConcurrentQueue<(long At, string To, int Status)> Answers { get; } = new();

    /// <summary>When the outage set up by <see cref="FailFor"/> or <see cref="RefuseForAsync"/> ended (Stopwatch ticks), once it has.</summary>
    public long? RecoveredAt => Volatile.Read(ref _recoveredAt) is > 0 and var at && at <= System.Diagnostics.Stopwatch.GetTimestamp() ? at : null;

    public IEnumerable<RecordedRequest> Requests => _earlier.Concat(_server.Requests);
    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    /// <summary>Settings that point a TestApp's Twilio at this fake.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Twilio:From"] = From,
        ["Twilio:PublicUrl"] = PublicUrl,
        ["Twilio:ApiBaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
    };

    public static async Task<FakeTwilio> StartAsync()
    {
        var fake = new FakeTwilio();
        fake._server = await FakeHttpServer.StartAsync(fake.HandleAsync);
        fake._port = fake._server.BaseAddress.Port;
        return fake;
    }

    /// <summary>Answers <paramref name="failure"/> to everything for <paramref name="length"/> from the first request, then accepts.</summary>
    public void FailFor(TimeSpan length, TwilioReply failure)
    {
        var ticks = (long)(length.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var sync = new object();
        Reply = _ =>
        {
            lock (sync)
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (_recoveredAt == 0)
                    _recoveredAt = now + ticks;
                return now < _recoveredAt ? failure : TwilioReply.Accepted;
            }
        };
    }

    /// <summary>Stops listening (connections are refused) from now for <paramref name="length"/>, then listens again on the same port.</summary>
    public async Task RefuseForAsync(TimeSpan length)
    {
        foreach (var request in _server.Requests)
            _earlier.Enqueue(request);
        await _server.DisposeAsync();
        _ = Task.Run(async () =>
        {
            await Task.Delay(length, _closing.Token);
            _server = await FakeHttpServer.StartAsync(HandleAsync, _port);
            Volatile.Write(ref _recoveredAt, System.Diagnostics.Stopwatch.GetTimestamp());
        });
    }

    private const string MessagePrefix = $"/2010-04-01/Accounts/{AccountSid}/Messages/";

    private async Task HandleAsync(RecordedRequest request, HttpContext http)
    {
        if (request.Method == "DELETE" && request.Path.StartsWith(MessagePrefix) && request.Path.EndsWith(".json"))
        {
            await DeleteAsync(request.Path[MessagePrefix.Length..^".json".Length], http);
            return;
        }
        if (request.Method != "POST" || request.Path != $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            await Write(http, 404, new { code = 20404, message = "The requested resource was not found", status = 404 });
            return;
        }
        var reply = Reply(request);
        var to = request.Form.GetValueOrDefault("To") ?? "";
        Answers.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), to, reply.Status));
        if (reply.Fault == WireFault.Hang)
        {
            // A gateway that never answers: the client's timeout ends it (or the fake's end).
            using var hung = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _closing.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, hung.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            http.Abort();
            return;
        }
        if (reply.Fault == WireFault.Reset)
        {
            http.Abort();
            return;
        }
        if (reply.RetryAfterSeconds is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString();
        if (reply.Status >= 300 && reply.Body != TwilioBody.Json)
        {
            http.Response.StatusCode = reply.Status;
            if (reply.Body == TwilioBody.Html)
            {
                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync($"<html><head><title>{reply.Status} Bad Gateway</title></head><body><h1>{reply.Status}</h1></body></html>");
            }
            return;
        }
        if (reply.Status >= 300)
        {
            await Write(http, reply.Status, new { code = reply.Code, message = reply.Message, more_info = $"https://www.twilio.com/docs/errors/{reply.Code}", status = reply.Status });
            return;
        }
        var form = request.Form;
        var sid = $"SM{Interlocked.Increment(ref _sequence):x32}";
        Messages[sid] = "queued";
        Accepted.Enqueue((sid, form["To"], form["Body"]));
        Origins.Enqueue((form["To"], form.GetValueOrDefault("MessagingServiceSid") ?? form.GetValueOrDefault("From") ?? ""));
        if (reply.Fault == WireFault.AnswerLost)
        {
            http.Abort();
            return;
        }
        await Write(http, 201, new
        {
            sid,
            account_sid = AccountSid,
            to = form["To"],
            from = form.GetValueOrDefault("From"),
            messaging_service_sid = form.GetValueOrDefault("MessagingServiceSid"),
            body = form["Body"],
            status = "queued",
            num_segments = "1",
            direction = "outbound-api",
            api_version = "2010-04-01",
            date_created = DateTime.UtcNow.ToString("R"),
            uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    // As Twilio: 204 and the message is gone; 404 for a SID it does not have (or no longer); a message still on
    // its way (queued, sending) cannot be deleted (error 20009). Anything else DeleteReply asks for.
    private async Task DeleteAsync(string sid, HttpContext http)
    {
        if (DeleteReply(sid) is { } reply)
        {
            if (reply.Body != TwilioBody.Json)
            {
                http.Response.StatusCode = reply.Status;
                await http.Response.WriteAsync("<html>Bad Gateway</html>");
                return;
            }
            if (reply.RetryAfterSeconds is { } seconds)
                http.Response.Headers.RetryAfter = seconds.ToString();
            await Write(http, reply.Status, new { code = reply.Code, message = reply.Message, status = reply.Status });
            return;
        }
        if (!Messages.TryGetValue(sid, out var status))
        {
            await Write(http, 404, new { code = 20404, message = "The requested resource was not found", status = 404 });
            return;
        }
        if (status is "queued" or "sending" or "accepted" or "receiving")
        {
            await Write(http, 409, new { code = 20009, message = "Cannot delete message because it is in progress", status = 409 });
            return;
        }
        if (!Messages.TryRemove(KeyValuePair.Create(sid, status)))
        {
            await Write(http, 404, new { code = 20404, message = "The requested resource was not found", status = 404 });
            return;
        }
        Deleted.Enqueue(sid);
        http.Response.StatusCode = 204;
    }

    private static async Task Write(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _server.DisposeAsync();
    }
}
