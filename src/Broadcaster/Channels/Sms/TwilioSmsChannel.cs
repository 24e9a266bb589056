using System.Net;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using TwilioPhoneNumber = Twilio.Types.PhoneNumber;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Sends SMS through the Twilio SDK and classifies the answer
/// (error codes: https://www.twilio.com/docs/api/errors).
/// </summary>
public sealed class TwilioSmsChannel : ISmsChannel
{
    public const string HttpClientName = "twilio";

    /// <summary>Twilio: "Attempt to send to unsubscribed recipient" — the person texted STOP at the carrier/Twilio.</summary>
    public const int Unsubscribed = 21610;
    /// <summary>Twilio's own rate-limit code, sent with HTTP 429.</summary>
    public const int TooManyRequests = 20429;

    private readonly TwilioOptions _options;
    private readonly ITwilioRestClient _client;
    private readonly ILogger<TwilioSmsChannel> _log;

    public TwilioSmsChannel(IOptions<TwilioOptions> options, IHttpClientFactory http, ILogger<TwilioSmsChannel> log)
    {
        _options = options.Value;
        _log = log;
        _client = new TwilioRestClient(_options.AccountSid, _options.AuthToken,
            httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)));
    }

    public string Name => ChannelName.Sms;

    public Task<SendResult> SendAsync(string address, string text, CancellationToken ct) =>
        SendAsync(address, text, _options.From, _options.MessagingServiceSid);

    public IMessageChannel Via(string? from, string? service) =>
        from is null && service is null ? this : new OwnSender(this, from, service);

    /// <summary>A network's own sender: the same account and client, another From or Messaging Service.</summary>
    private sealed class OwnSender(TwilioSmsChannel twilio, string? from, string? service) : IMessageChannel
    {
        public string Name => ChannelName.Sms;

        public Task<SendResult> SendAsync(string address, string text, CancellationToken ct) => twilio.SendAsync(address, text, from, service);
    }

    private async Task<SendResult> SendAsync(string address, string text, string? from, string? service)
    {
        var message = new CreateMessageOptions(new TwilioPhoneNumber(address))
        {
            Body = text,
            StatusCallback = new Uri(_options.PublicUrl!.TrimEnd('/') + "/webhooks/twilio/status"),
        };
        if (!string.IsNullOrWhiteSpace(service))
            message.MessagingServiceSid = service;
        else
            message.From = new TwilioPhoneNumber(from);

        var note = TwilioBaseUrlHandler.Observe();
        try
        {
            // The SDK takes no CancellationToken; the named HttpClient's timeout bounds the call.
            var sent = await MessageResource.CreateAsync(message, _client);
            return SendResult.Sent(sent.Sid);
        }
        catch (ApiException e)
        {
            var result = Classify(e.Status != 0 ? e.Status : (int?)note.Status ?? 0, e.Code, note.RetryAfter);
            _log.LogWarning("Twilio refused SMS to {To}: HTTP {Status}, code {Code} -> {Outcome}",
                Mask.Address(address), e.Status, e.Code, result.Outcome);
            return result;
        }
        catch (ApiConnectionException e)
        {
            _log.LogWarning("Twilio unreachable for SMS to {To}: {Error}", Mask.Address(address), e.InnerException?.GetType().Name ?? e.GetType().Name);
            return new SendResult(SendOutcome.RetryLater, Error: "connection: " + (e.InnerException?.GetType().Name ?? "error"));
        }
    }

    /// <summary>
    /// Deletes a message resource (body, number, metadata) at Twilio. 404: already gone. Anything else that is not
    /// a success (429, 5xx, a timeout, a message still in progress) is worth another try later.
    /// </summary>
    public async Task<ErasureOutcome> DeleteAsync(string sid)
    {
        var note = TwilioBaseUrlHandler.Observe();
        try
        {
            return await MessageResource.DeleteAsync(pathSid: sid, client: _client) ? ErasureOutcome.Deleted : ErasureOutcome.RetryLater;
        }
        catch (ApiException e) when ((e.Status != 0 ? e.Status : (int?)note.Status) == 404)
        {
            return ErasureOutcome.Gone;
        }
        catch (ApiException e)
        {
            _log.LogWarning("Twilio did not delete a message: HTTP {Status}, code {Code}; retried later", e.Status, e.Code);
            return ErasureOutcome.RetryLater;
        }
        catch (ApiConnectionException e)
        {
            _log.LogWarning("Twilio unreachable to delete a message: {Error}; retried later", e.InnerException?.GetType().Name ?? e.GetType().Name);
            return ErasureOutcome.RetryLater;
        }
    }

    internal static SendResult Classify(int status, int code, TimeSpan? retryAfter)
    {
        var error = $"twilio {status}/{code}";
        return (status, code) switch
        {
            (_, Unsubscribed) => new SendResult(SendOutcome.RecipientGone, Error: error),
            (429, _) or (_, TooManyRequests) => new SendResult(SendOutcome.RetryLater, Error: error, RetryAfter: retryAfter),
            // 401/403 without a recipient-specific code are account or credential problems: no message can get
            // through until an operator fixes them, so they must not burn each recipient's message for good.
            (401 or 403, 0 or 20003) => new SendResult(SendOutcome.RetryLater, Error: error),
            (>= 500, _) or (0, _) => new SendResult(SendOutcome.RetryLater, Error: error, RetryAfter: retryAfter),
            // 21211 invalid number, 21614 not a mobile number, 21408 region not enabled, any other 4xx.
            _ => new SendResult(SendOutcome.Failed, Error: error),
        };
    }
}
