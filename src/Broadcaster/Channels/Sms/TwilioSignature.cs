using Broadcaster.Infrastructure;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Endpoint filter for Twilio webhooks: X-Twilio-Signature must validate (Twilio's RequestValidator) over
/// Twilio:PublicUrl + path + query and every posted field, else 403 and the endpoint never runs.
/// Without Twilio credentials nothing can be validated, so every call is refused.
/// https://www.twilio.com/docs/usage/webhooks/webhooks-security
/// </summary>
public sealed class TwilioSignature(IOptions<TwilioOptions> options, ILogger<TwilioSignature> log) : IEndpointFilter
{
    public const string Header = "X-Twilio-Signature";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var o = options.Value;
        var signature = http.Request.Headers[Header].ToString();
        if (!o.Enabled || string.IsNullOrEmpty(o.PublicUrl) || signature.Length == 0 || !http.Request.HasFormContentType)
            return Refuse(http, o.Enabled ? "missing signature or not a form" : "Twilio is not configured");

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        var url = o.PublicUrl.TrimEnd('/') + http.Request.Path + http.Request.QueryString;
        if (!new RequestValidator(o.AuthToken).Validate(url, fields, signature))
            return Refuse(http, "invalid signature");
        return await next(context);
    }

    private IResult Refuse(HttpContext http, string why)
    {
        log.LogWarning("Refused Twilio webhook {Path}: {Reason}", http.Request.Path, why);
        return Results.Problem("The Twilio signature is missing or invalid.", statusCode: StatusCodes.Status403Forbidden);
    }
}
