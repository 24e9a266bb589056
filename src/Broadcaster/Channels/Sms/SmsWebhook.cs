using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Broadcaster.Subscribers;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// POST /webhooks/twilio/sms: one inbound SMS (form From, To, Body, MessageSid), answered with TwiML.
/// The signature is checked by <see cref="TwilioSignature"/> before this runs. Logs carry the masked number and
/// the keyword, never the number, the body or the MessageSid (Twilio maps a SID to the number). Once answered,
/// the inbound message is deleted at Twilio (<see cref="SmsErasures"/>), and the answer asks Twilio for its
/// status so that it is deleted too once final.
/// </summary>
public static class SmsWebhook
{
    public const string Path = "/webhooks/twilio/sms";

    public static RouteHandlerBuilder MapSmsWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync).AddEndpointFilter(UrlEncodedOnly).AddEndpointFilter<TwilioSignature>();

    // Twilio posts application/x-www-form-urlencoded only. Refusing anything else before the form is read keeps
    // a truncated multipart body (an IOException inside ReadFormAsync) from ever becoming a 500.
    private static async ValueTask<object?> UrlEncodedOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? await next(context)
            : Results.Problem("Expected an application/x-www-form-urlencoded body.", statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> HandleAsync(HttpContext http, InboundRouter inbound, SmsErasures erasures,
        IOptions<TwilioOptions> twilio, ILoggerFactory logs)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var answer = await AnswerAsync(form, inbound, twilio.Value, logs, http.RequestAborted);
        // Handled (or refused): Twilio need not keep what was texted, nor who texted it.
        await erasures.InboundAsync(form["MessageSid"].ToString(), CancellationToken.None);
        return answer;
    }

    /// <summary>The form translated into the one inbound path's message, and its answer rendered as TwiML.</summary>
    private static async Task<IResult> AnswerAsync(IFormCollection form, InboundRouter inbound, TwilioOptions twilio, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(SmsWebhook).FullName!);
        if (!PhoneNumber.TryNormalize(form["From"].ToString(), out var from))
            return Results.Problem("From must be a phone number.", statusCode: StatusCodes.Status400BadRequest);
        var message = new InboundMessage(ChannelName.Sms, from, form["Body"].ToString(),
            To: form["To"].ToString(), Service: form["MessagingServiceSid"].ToString());
        var answer = await inbound.HandleAsync(message, ct);
        if (answer.Route == InboundRoute.Coordinator)
            log.LogInformation("SMS from a coordinator: command");
        else
            log.LogInformation("SMS from {From} to {Network}: {Keyword}{Silent}",
                Mask.Address(from), answer.Network ?? "the default number", answer.Verb, answer.Silent ? " (answered by Twilio)" : "");
        return TwiML(answer.Text, twilio);
    }

    /// <summary>
    /// &lt;Response&gt;&lt;Message&gt;…&lt;/Message&gt;&lt;/Response&gt;, or &lt;Response/&gt; for no reply. The message's
    /// statusCallback brings its final status to <see cref="SmsStatusWebhook"/>, which has it deleted at Twilio.
    /// https://www.twilio.com/docs/messaging/twiml/message
    /// </summary>
    internal static IResult TwiML(string? message, TwilioOptions twilio)
    {
        var reply = message is null ? null : new XElement("Message", XmlSafe(message));
        if (reply is not null && twilio.DeleteFinalMessages && !string.IsNullOrEmpty(twilio.PublicUrl))
            reply.SetAttributeValue("statusCallback", twilio.PublicUrl.TrimEnd('/') + SmsStatusWebhook.Path);
        var xml = reply is null ? "<Response/>" : new XElement("Response", reply).ToString(SaveOptions.DisableFormatting);
        return Results.Text(xml, "text/xml", System.Text.Encoding.UTF8);
    }

    /// <summary>A reply may echo what was texted in; a character XML cannot carry (NUL, most controls) would throw.</summary>
    internal static string XmlSafe(string text) =>
        text.All(System.Xml.XmlConvert.IsXmlChar) ? text : string.Concat(text.Where(System.Xml.XmlConvert.IsXmlChar));
}
