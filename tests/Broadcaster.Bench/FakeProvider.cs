using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Broadcaster.Bench;

/// <summary>
/// A local stand-in for Twilio's Messages endpoint: answers 201 with a message resource, as Twilio does,
/// and notes when each request arrived (Stopwatch ticks), for whom, from which number, and how many segments its body is.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000b01";
    public const string AuthToken = "bench-auth-token";
    public const string MessagesPath = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";

    private readonly WebApplication _app;
    private long _sequence;

    private FakeProvider(WebApplication app) => _app = app;

    public ConcurrentQueue<(long At, string To, string From, int Segments)> Arrivals { get; } = new();
    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<FakeProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeProvider(app);
        app.MapPost(MessagesPath, fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public void Clear() => Arrivals.Clear();

    private async Task HandleAsync(HttpContext http)
    {
        var arrived = Stopwatch.GetTimestamp();
        var form = await http.Request.ReadFormAsync();
        var to = form["To"].ToString();
        var body = form["Body"].ToString();
        var segments = Math.Max(1, Broadcaster.Alerts.SmsSegments.Count(body).Segments);
        Arrivals.Enqueue((arrived, to, form["From"].ToString(), segments));
        var sid = $"SM{Interlocked.Increment(ref _sequence):x32}";
        http.Response.StatusCode = 201;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            sid, account_sid = AccountSid, to, from = form["From"].ToString(), body,
            status = "queued", num_segments = segments.ToString(System.Globalization.CultureInfo.InvariantCulture), direction = "outbound-api", api_version = "2010-04-01",
            uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
