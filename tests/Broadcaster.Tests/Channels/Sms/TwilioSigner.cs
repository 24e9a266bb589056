using System.Security.Cryptography;
using System.Text;

namespace Broadcaster.Tests.Channels.Sms;

/// <summary>
/// Signs a webhook the way Twilio does: HMAC-SHA1 (key: auth token) over the full URL followed by every
/// form field name and value, sorted by name, base64. The service validates with the SDK's RequestValidator.
/// </summary>
public static class TwilioSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(key).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>A form POST signed for <c>FakeTwilio.PublicUrl + path</c> (or <paramref name="signedUrl"/>).</summary>
    public static HttpRequestMessage SignedPost(string path, Dictionary<string, string> form, string? signedUrl = null, string authToken = FakeTwilio.AuthToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(authToken, signedUrl ?? FakeTwilio.PublicUrl + path, form));
        return request;
    }
}
