using Broadcaster.Delivery;
using Broadcaster.Subscribers;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Twilio's delivery receipts (POST /webhooks/twilio/status, form MessageSid, MessageStatus, ErrorCode).
/// A row moves only forward, sent → delivered or failed, never back: receipts arrive out of order and
/// more than once; one that comes before its send was recorded waits briefly for it (see
/// <see cref="DeliveryLedger.ApplyReceiptAsync"/>). An unknown SID changes nothing and still gets 200, so Twilio stops retrying.
/// https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
/// </summary>
public static class SmsStatusWebhook
{
    public const string Path = "/webhooks/twilio/status";

    /// <summary>Twilio's "unsubscribed recipient": the person replied STOP at the carrier/Twilio level.</summary>
    public const string RecipientUnsubscribed = "21610";

    public static RouteHandlerBuilder MapSmsStatusWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync).AddEndpointFilter(UrlEncodedOnly).AddEndpointFilter<TwilioSignature>().DisableAntiforgery().ExcludeFromDescription();

    // As on the SMS route: Twilio posts url-encoded forms only, and refusing anything else before the form is
    // read keeps a truncated multipart body (an IOException inside ReadFormAsync) from becoming a 500.
    private static async ValueTask<object?> UrlEncodedOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? await next(context)
            : Results.Problem("Expected an application/x-www-form-urlencoded body.", statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> HandleAsync(HttpRequest request, DeliveryLedger ledger, SubscriberStore subscribers, DeliveryMetrics metrics,
        SmsErasures erasures, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Results.Problem("Expected a form (application/x-www-form-urlencoded).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        var form = await request.ReadFormAsync(ct);
        var sid = form["MessageSid"].ToString();
        var reported = form["MessageStatus"].ToString();
        if (sid.Length == 0 || reported.Length == 0)
            return Results.Problem("MessageSid and MessageStatus are required.", statusCode: StatusCodes.Status400BadRequest);
        var errorCode = form["ErrorCode"].ToString();
        var status = reported.ToLowerInvariant() switch
        {
            "delivered" => "delivered",
            "undelivered" or "failed" => "failed",
            _ => null,
        };

        // Asked before the receipt is applied: a final receipt clears the delivery's provider id.
        var unsubscribed = errorCode == RecipientUnsubscribed ? await ledger.SubscriberOfAsync(sid, ct) : null;
        if (status is not null)
        {
            var error = status == "failed" ? $"{reported}{(errorCode.Length > 0 ? " " + errorCode : "")}" : null;
            if (await ledger.ApplyReceiptAsync(sid, status, error, ct) is { } latency)
            {
                metrics.ReceiptLatency(ChannelName.Sms, latency);
                logs.CreateLogger(typeof(SmsStatusWebhook)).LogDebug("A delivery is {Status}", status);
            }
            // Any message of ours, a broadcast's or a reply's or a notice's: final, so Twilio need not keep it.
            await erasures.FinalAsync(sid, ct);
        }
        else
            await erasures.UnfinishedAsync(sid, ct);
        if (unsubscribed is { } subscriber)
            await subscribers.StopAsync(subscriber, time.GetUtcNow());
        return Results.Ok();
    }
}
