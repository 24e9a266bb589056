using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>What a fake provider received: method, path, headers and raw body.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body read as application/x-www-form-urlencoded.</summary>
    public Dictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
}

/// <summary>
/// A small real HTTP server on 127.0.0.1 standing in for a provider (Twilio, Telegram). Each request is
/// recorded, then answered by <paramref name="handler"/>. Provider SDKs talk to it over real HTTP.
/// </summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHttpServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Uri BaseAddress => new(_app.Urls.First());

    /// <param name="port">0: any free port; else this one (a fake that comes back after refusing connections).</param>
    public static async Task<FakeHttpServer> StartAsync(Func<RecordedRequest, HttpContext, Task> handler, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new FakeHttpServer(app);
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body);
            server.Requests.Enqueue(request);
            await handler(request, http);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
