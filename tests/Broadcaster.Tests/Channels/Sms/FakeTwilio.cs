using System.Collections.Concurrent;
using System.Text.Json;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>What the fake answers to one Messages.json request.</summary>
public sealed record TwilioReply(int Status, int Code = 0, string Message = "", int? RetryAfterSeconds = null, bool Json = true)
{
    public static readonly TwilioReply Accepted = new(201);
    public static TwilioReply Error(int status, int code, string message = "error") => new(status, code, message);
    public static TwilioReply RateLimited(int? retryAfterSeconds = 1) => new(429, 20429, "Too Many Requests", retryAfterSeconds);
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

    private FakeHttpServer _server = null!;
    private int _sequence;

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
    public IEnumerable<RecordedRequest> Sends => _server.Requests.Where(r => r.Method != "DELETE");

    /// <summary>An inbound message Twilio received (its SID comes to the webhook as MessageSid).</summary>
    public void Receive(string sid) => Messages[sid] = "received";

    /// <summary>The status a message has reached, as Twilio would report it in a status callback.</summary>
    public void SetStatus(string sid, string status) => Messages[sid] = status;

    public IEnumerable<RecordedRequest> Requests => _server.Requests;
    public Uri BaseAddress => _server.BaseAddress;

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
        return fake;
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
        if (reply.RetryAfterSeconds is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString();
        if (!reply.Json)
        {
            http.Response.StatusCode = reply.Status;
            await http.Response.WriteAsync("<html>Bad Gateway</html>");
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
            if (!reply.Json)
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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
