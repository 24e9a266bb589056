using System.Xml.Linq;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Broadcaster.Subscribers;
using Microsoft.Extensions.Options;

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

    private static async Task<IResult> HandleAsync(HttpContext http, SubscriberInbox inbox, NetworkStore networks,
        CoordinatorStore coordinators, SmsErasures erasures, IOptions<TwilioOptions> twilio, ILoggerFactory logs)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var answer = await AnswerAsync(http, form, inbox, networks, coordinators, twilio.Value, logs);
        // Handled (or refused): Twilio need not keep what was texted, nor who texted it.
        await erasures.InboundAsync(form["MessageSid"].ToString(), CancellationToken.None);
        return answer;
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, IFormCollection form, SubscriberInbox inbox, NetworkStore networks,
        CoordinatorStore coordinators, TwilioOptions twilio, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(SmsWebhook).FullName!);
        if (!PhoneNumber.TryNormalize(form["From"].ToString(), out var from))
            return Results.Problem("From must be a phone number.", statusCode: StatusCodes.Status400BadRequest);
        var body = form["Body"].ToString();
        var command = Keywords.Parse(body);
        var budget = http.RequestServices.GetRequiredService<ReplyBudget>();
        // A text to a network's own number is that network's program (and its replies go from there); the default number serves them all.
        var at = await networks.ForInboundAsync(form["To"].ToString(), form["MessagingServiceSid"].ToString());

        // Coordinators' commands first, but an opt-out word is always an opt-out (CANCEL never cancels an alert).
        if (command.Verb != SubscriberVerb.OptOut
            && http.RequestServices.GetService<ICoordinatorCommands>() is { } commands
            && await coordinators.FindByPhoneAsync(from) is { } coordinator
            && await commands.TryHandleAsync(coordinator, body, http.RequestAborted) is { } answer)
        {
            log.LogInformation("SMS from coordinator {Coordinator}: command", coordinator.Id);
            var admitted = await budget.AdmitAsync(ChannelName.Sms, from, answer, command.Verb, at, coordinator: true, http.RequestAborted);
            return TwiML(admitted ? answer : null, twilio);
        }

        var reply = (await inbox.HandleAsync(new Inbound(ChannelName.Sms, from, At: at), command)).Text;
        // Twilio's managed opt-out has already answered these words; a second answer would confuse people.
        var silent = twilio.ManagedOptOut && command.AnsweredByTwilio;
        if (reply is not null && !silent && !await budget.AdmitAsync(ChannelName.Sms, from, reply, command.Verb, at, coordinator: false, http.RequestAborted))
            reply = null;
        log.LogInformation("SMS from {From} to {Network}: {Keyword}{Silent}",
            Mask.Address(from), at?.Slug ?? "the default number", command.Verb, silent ? " (answered by Twilio)" : "");
        return TwiML(silent ? null : reply, twilio);
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
