using Broadcaster.Infrastructure;

namespace Broadcaster.PublicPages;

/// <summary>
/// The absolute addresses of a network's public pages, for what leaves the browser: the feed's identifiers and the
/// printed sign-up sheets. The configured public URL wins over the address the reader used (a coordinator printing
/// from http://localhost must not put localhost on a poster).
/// </summary>
public static class PublicUrls
{
    public static string Base(HttpContext http, TwilioOptions twilio) =>
        (string.IsNullOrWhiteSpace(twilio.PublicUrl) ? $"{http.Request.Scheme}://{http.Request.Host}" : twilio.PublicUrl).TrimEnd('/');

    /// <summary>/n/&lt;network&gt;: how to join, what is sent, HELP/STOP, the carrier terms.</summary>
    public static string Network(string baseUrl, string networkSlug) => $"{baseUrl}/n/{Uri.EscapeDataString(networkSlug)}";

    /// <summary>/n/&lt;network&gt;/privacy: the privacy policy and SMS terms.</summary>
    public static string Privacy(string baseUrl, string networkSlug) => Network(baseUrl, networkSlug) + "/privacy";
}
