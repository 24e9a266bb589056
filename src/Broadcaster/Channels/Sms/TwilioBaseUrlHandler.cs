using System.Net;
using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Twilio's SDK has no base-URL option: this handler under its SystemNetHttpClient rewrites scheme, host and
/// port of every request to Twilio:ApiBaseUrl (tests and drills point it at a local fake). It also notes the
/// status and Retry-After of each answer, which the SDK's exceptions do not carry.
/// </summary>
public sealed class TwilioBaseUrlHandler(IOptions<TwilioOptions> options) : DelegatingHandler
{
    private static readonly AsyncLocal<ResponseNote?> CurrentNote = new();

    /// <summary>Starts noting the next response of this async flow (the SDK call made inside it).</summary>
    public static ResponseNote Observe() => CurrentNote.Value = new ResponseNote();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var target = new Uri(options.Value.ApiBaseUrl);
        if (request.RequestUri is { } uri)
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        var response = await base.SendAsync(request, ct);
        if (CurrentNote.Value is { } note)
        {
            note.Status = response.StatusCode;
            note.RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.Now,
                _ => null,
            };
        }
        return response;
    }

    public sealed class ResponseNote
    {
        public HttpStatusCode? Status { get; set; }
        public TimeSpan? RetryAfter { get; set; }
    }
}
