using System.Globalization;
using System.Net;
using Broadcaster.CoordinatorConsole;
using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// Sign-in cannot be guessed, used to run up an SMS bill, or used to learn who coordinates. The forms are posted
/// as a script would (an attacker needs no browser); the service is the real one behind HTTPS.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTrustTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Stranger = "+17075550177";
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() => _w = await ConsoleWorld.StartAsync(browser.Browser);

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task CodeRequest_StrangersPhone_AnsweredAsACoordinatorsIsWithoutWaitingForTheSms()
    {
        using var held = new ManualResetEventSlim();
        _w.Twilio.Reply = _ =>
        {
            held.Wait(TimeSpan.FromSeconds(40));
            return TwilioReply.Accepted;
        };
        using var form = new SignInForm(_w.App);
        try
        {
            var asking = form.AskForCodeAsync(ConsoleWorld.AnaPhone);
            // A hang guard, not a timing assertion: Twilio holds the SMS until released below (past the SDK's 15-s timeout), so an answer that
            // waits for the SMS (and so tells, by its delay, that the phone is a coordinator's) does not come.
            Assert.Same(asking, await Task.WhenAny(asking, Task.Delay(TimeSpan.FromSeconds(12))));
            var coordinator = await asking;
            var stranger = await form.AskForCodeAsync(Stranger);

            Assert.Equal(HttpStatusCode.OK, coordinator.Status);
            Assert.Equal(coordinator.Status, stranger.Status);
            Assert.Contains("a code is on its way", coordinator.Page);
            Assert.Equal(SignInForm.Comparable(coordinator.Page, ConsoleWorld.AnaPhone), SignInForm.Comparable(stranger.Page, Stranger));
        }
        finally
        {
            held.Set();
        }
        await _w.CodeSentToAsync(ConsoleWorld.AnaPhone);
        await _w.CodeJobsDoneAsync(2);
        Assert.Equal(0, _w.CodesSentTo(Stranger));
    }

    [Fact]
    public async Task CodeCheck_WrongThenSpent_StrangerAndCoordinatorAnsweredAlike()
    {
        using var form = new SignInForm(_w.App);
        await form.AskForCodeAsync(ConsoleWorld.AnaPhone);
        await form.AskForCodeAsync(Stranger);
        var code = await _w.CodeSentToAsync(ConsoleWorld.AnaPhone);
        var wrong = code == "000000" ? "111111" : "000000";

        foreach (var guess in Enumerable.Repeat(wrong, 6).Append(code))
        {
            var coordinator = await form.EnterCodeAsync(ConsoleWorld.AnaPhone, guess);
            var stranger = await form.EnterCodeAsync(Stranger, guess);

            Assert.Equal(HttpStatusCode.Unauthorized, coordinator.Status);
            Assert.Equal(coordinator.Status, stranger.Status);
            Assert.Equal(SignInForm.Comparable(coordinator.Page, ConsoleWorld.AnaPhone), SignInForm.Comparable(stranger.Page, Stranger));
        }
    }

    [Fact]
    public async Task CodeRequests_SixInAnHour_FiveCodesSent()
    {
        using var form = new SignInForm(_w.App);

        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await form.AskForCodeAsync(ConsoleWorld.AnaPhone)).Status);

        await _w.CodeJobsDoneAsync(6);
        Assert.Equal(5, _w.CodesSentTo(ConsoleWorld.AnaPhone));
        Assert.Equal(5L, await _w.Db.ScalarAsync<long>("SELECT cardinality(issued_at) FROM console_sign_in_codes"));
    }

    [Fact]
    public async Task Guesses_TwentyAtOnceAtOneCode_FiveTriesThenEvenTheRightCodeFails()
    {
        var codes = _w.App.Get<SignInCodes>();
        var ana = _w.Ana.Coordinator.Id;
        var code = (await codes.IssueAsync(ana))!;
        var guesses = Enumerable.Range(1, 20).Select(i => ((int.Parse(code, CultureInfo.InvariantCulture) + i) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));

        var answers = await Task.WhenAll(guesses.Select(g => Task.Run(() => codes.CheckAsync(ana, g))));

        // Wrong: compared and refused; Locked: refused without being compared.
        Assert.Equal(5, answers.Count(a => a == CodeCheck.Wrong));
        Assert.Equal(15, answers.Count(a => a == CodeCheck.Locked));
        Assert.Equal(5, await _w.Db.ScalarAsync<short>("SELECT attempts FROM console_sign_in_codes WHERE coordinator_id = @ana", new { ana }));
        Assert.Equal(CodeCheck.Locked, await codes.CheckAsync(ana, code));
    }

    [Fact]
    public async Task SignInPosts_PastTheLimitFromOneAddress_429ForItOnly()
    {
        using var attacker = new SignInForm(_w.App, clientAddress: "203.0.113.7");
        using var neighbour = new SignInForm(_w.App, clientAddress: "203.0.113.8");
        var form = new Dictionary<string, string> { ["address"] = Stranger, ["channel"] = "sms" };

        for (var i = 0; i < ConsoleSetup.SignInPosts; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await attacker.PostAsync("SendCode", new(form), withToken: false)).Status);
        var refused = await attacker.PostAsync("SendCode", new(form), withToken: false);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("Too many sign-in attempts", refused.Page);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.PostAsync("Key", new() { ["apiKey"] = _w.Ana.ApiKey }, withToken: false)).Status);
        Assert.Equal(HttpStatusCode.OK, (await attacker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console/sign-in"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.AskForCodeAsync(Stranger)).Status);
    }

    [Fact]
    public async Task Console_OutsideDevelopment_StrictTransportSecurity()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/sign-in");
        request.Headers.Host = "alerts.example.org";

        using var response = await _w.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }
}
