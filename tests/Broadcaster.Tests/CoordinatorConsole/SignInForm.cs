using System.Net;
using System.Text.RegularExpressions;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// The sign-in page's forms posted as a script would (with a real antiforgery token), from one client address:
/// through the loopback proxy's X-Forwarded-For when <paramref name="clientAddress"/> is given.
/// </summary>
public sealed partial class SignInForm(TestApp app, string? clientAddress = null) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == TestCertificate.Value.Thumbprint,
    })
    { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private string? _token;

    public Task<(HttpStatusCode Status, string Page)> AskForCodeAsync(string address, string channel = "sms") =>
        PostAsync("SendCode", new() { ["address"] = address, ["channel"] = channel });

    public Task<(HttpStatusCode Status, string Page)> EnterCodeAsync(string address, string code, string channel = "sms") =>
        PostAsync("Code", new() { ["address"] = address, ["channel"] = channel, ["code"] = code });

    public async Task<(HttpStatusCode Status, string Page)> PostAsync(string handler, Dictionary<string, string> form, bool withToken = true)
    {
        if (withToken && _token is null)
        {
            var page = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console/sign-in"));
            _token = Token().Match(page.Page).Groups[1].Value;
        }
        if (withToken)
            form["__af"] = _token!;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/console/sign-in?handler={handler}") { Content = new FormUrlEncodedContent(form) });
    }

    public async Task<(HttpStatusCode Status, string Page)> SendAsync(HttpRequestMessage request)
    {
        if (clientAddress is not null)
            request.Headers.Add("X-Forwarded-For", clientAddress);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page without what differs on every answer (antiforgery tokens), and without the address typed.</summary>
    public static string Comparable(string page, string address) => Token().Replace(page, "value=\"(token)\"")
        .Replace(address, "(address)").Replace(address.Replace("+", "&#x2B;"), "(address)");

    // Antiforgery tokens are Data Protection payloads, which all start with the same magic header.
    [GeneratedRegex("value=\"(CfDJ8[^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose() => _http.Dispose();
}
