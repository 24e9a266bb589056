using System.Globalization;
using System.Text.RegularExpressions;
using Broadcaster.Alerts;
using Broadcaster.Networks;
using static Microsoft.Playwright.Assertions;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// Pages that tell the truth without a reload, a verifier who sees everything that goes out before a confirm step,
/// and follow-ups offered only where they mean something. SMS go out at 1 a second, so "sending" lasts long enough to see.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleWorld _w = null!;

    public async Task InitializeAsync() =>
        _w = await ConsoleWorld.StartAsync(browser.Browser, extra: new Dictionary<string, string> { ["Twilio:MessagesPerSecond"] = "1" });

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task DraftPage_AnotherReviewsAndConfirms_AuthorsPageTurnsSendingThenSentWithoutReload()
    {
        const string test = nameof(DraftPage_AnotherReviewsAndConfirms_AuthorsPageTurnsSendingThenSentWithoutReload);
        await _w.App.Get<NetworkStore>().SetTimeZoneAsync("north-bay", "America/New_York");
        await _w.AddSmsSubscribersAsync("napa", "en", 3);
        await _w.AddSmsSubscribersAsync("napa", "es", 2);

        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa County");
        await ana.NewAlert.WriteEnglishAsync("ICE checkpoint at 1st and Main.");
        await ana.NewAlert.WriteSpanishAsync("Retén de ICE en 1st y Main.");
        await Expect(ana.NewAlert.Cost("en")).ToContainTextAsync("1 × 3 SMS recipient(s) = 3 segments");
        await ana.NewAlert.SaveDraftAsync();
        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var id = ana.Alert.Id;
        await Expect(ana.Alert.Status).ToHaveTextAsync("awaiting verification");
        await ana.Page.EvaluateAsync("window.stillTheSamePage = true");

        // Times in the network's zone, the zone named.
        var created = await _w.Db.ScalarAsync<DateTime>("SELECT created_at FROM alerts WHERE id = @id", new { id });
        var eastern = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(created, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Expect(ana.Alert.Facts).ToContainTextAsync($"Ana · {eastern.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} EST");
        await Expect(ana.Page.Locator("footer")).ToContainTextAsync("Times in America/New_York (EST).");

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await Expect(ben.Page.Locator("nav .count")).ToHaveTextAsync("1");
        await ben.Awaiting.OpenAsync();
        await ben.Awaiting.VerifyButton(id).ClickAsync();

        // The review: who gets it, what exactly they get, what it costs, who drafted it.
        await Expect(ben.Alert.Review).ToContainTextAsync("Napa");
        await Expect(ben.Alert.Review).ToContainTextAsync("Recipients (5)");
        Assert.Equal($"VERIFIED ALERT #{id} - North Bay RRN\nICE checkpoint at 1st and Main.\nReply STOP to leave", await ben.Alert.ReviewText("en").TextContentAsync());
        Assert.Equal($"ALERTA VERIFICADA #{id} - North Bay RRN\nRetén de ICE en 1st y Main.\nResponda ALTO para salir", await ben.Alert.ReviewText("es").TextContentAsync());
        await Expect(ben.Alert.ReviewCost("es")).ToContainTextAsync("1 × 2 SMS recipient(s) = 2 segments");
        await Expect(ben.Alert.Facts).ToContainTextAsync("Ana");
        await ben.ScreenshotAsync("review");
        await ben.Alert.VerifyButton.ClickAsync();
        await Expect(ben.Alert.ConfirmQuestion).ToContainTextAsync($"Send alert #{id} now to 5 recipient(s)?");
        Assert.Equal("draft", await _w.Db.ScalarAsync<string>("SELECT status FROM alerts WHERE id = @id", new { id }));
        await ben.ScreenshotAsync("confirm");
        await ben.Alert.ConfirmButton.ClickAsync();

        await Expect(ana.Alert.Status).ToHaveTextAsync("sending", new() { Timeout = 30_000 });
        await Expect(ana.Alert.Status).ToHaveTextAsync("sent", new() { Timeout = 60_000 });
        await Expect(ana.Alert.Count("pending")).ToHaveTextAsync("0");
        await Expect(ana.Page.GetByText("waits for a second coordinator")).ToHaveCountAsync(0);
        await Expect(ana.Alert.FollowUp("Retract")).ToBeVisibleAsync();
        Assert.True(await ana.Page.EvaluateAsync<bool>("window.stillTheSamePage === true"), "the page changed without a reload");
        Assert.True(ana.Errors.Count == 0, string.Join("\n", ana.Errors));
        Assert.True(ben.Errors.Count == 0, string.Join("\n", ben.Errors));
    }

    [Fact]
    public async Task Retracted_ShowsRetractedWithNoSecondRetraction_AbortedBeforeSendingOffersNothing()
    {
        const string test = nameof(Retracted_ShowsRetractedWithNoSecondRetraction_AbortedBeforeSendingOffersNothing);
        var original = await SeedAsync("confirmed", "sent", null, "Raid reported downtown.");
        var retraction = await SeedAsync("retraction", "sent", original, $"Alert #{original} could not be confirmed.");
        var aborted = await SeedAsync("confirmed", "aborted", null, "Checkpoint on Route 29.");

        var ben = await _w.SignedInAsync(test, _w.Ben.ApiKey);
        await Expect(ben.Page.Locator($"[data-alert='{original}'] .status")).ToHaveTextAsync("retracted");
        await Expect(ben.Page.Locator($"[data-alert='{original}']")).ToContainTextAsync("Raid reported downtown.");
        await ben.ScreenshotAsync("overview");

        await ben.Alert.OpenAsync(original);
        await Expect(ben.Alert.Status).ToHaveTextAsync("retracted");
        await Expect(ben.Page.GetByText("Retracted by")).ToContainTextAsync($"#{retraction}");
        foreach (var link in new[] { "Retract", "Send an update", "All clear" })
            await Expect(ben.Alert.FollowUp(link)).ToHaveCountAsync(0);
        await ben.ScreenshotAsync("retracted");

        await ben.Alert.OpenAsync(retraction);
        await Expect(ben.Page.Locator(".original")).ToContainTextAsync("Raid reported downtown.");
        await Expect(ben.Alert.FollowUp("Retract")).ToHaveCountAsync(0);

        await ben.Alert.OpenAsync(aborted);
        await Expect(ben.Alert.Status).ToHaveTextAsync("aborted");
        await Expect(ben.Page.GetByText("nobody received it")).ToBeVisibleAsync();
        foreach (var link in new[] { "Retract", "Send an update", "All clear" })
            await Expect(ben.Alert.FollowUp(link)).ToHaveCountAsync(0);
        await Expect(ben.Alert.AbortButton).ToHaveCountAsync(0);
        Assert.True(ben.Errors.Count == 0, string.Join("\n", ben.Errors));
    }

    [Fact]
    public async Task SpanishPage_Gsm7OfferTaken_SegmentsCutAndThatTextStored_DrillCheckboxMakesADrill()
    {
        const string test = nameof(SpanishPage_Gsm7OfferTaken_SegmentsCutAndThatTextStored_DrillCheckboxMakesADrill);
        const string accented = "Retén de ICE en la estación de Main y 1st. Evite el área; no abra la puerta.";
        var ana = await _w.SignedInAsync(test, _w.Ana.ApiKey);
        await ana.SwitchLanguageAsync("Español");
        await ana.NewAlert.OpenAsync();
        await ana.NewAlert.PickAreaAsync("Napa County");
        await ana.Page.GetByLabel("Texto en inglés").FillAsync("ICE checkpoint on Main and 1st. Avoid the area; do not open the door.");
        await ana.Page.GetByLabel("Texto en español").FillAsync(accented);
        await ana.NewAlert.DrillAsync();

        await Expect(ana.NewAlert.Summary("es")).ToContainTextAsync("3 segmento(s) SMS · UCS-2");
        await Expect(ana.NewAlert.Offer("es")).ToContainTextAsync("Sin acentos: 1 segmento en vez de 3");
        await Expect(ana.NewAlert.Warnings.First).ToContainTextAsync("Simulacro: una vez verificado");
        await ana.ScreenshotAsync("gsm7-offer");
        await ana.NewAlert.UseOfferAsync("es");

        const string plain = "Retén de ICE en la estacion de Main y 1st. Evite el area; no abra la puerta.";
        await Expect(ana.NewAlert.SpanishText).ToHaveValueAsync(plain);
        await Expect(ana.NewAlert.Summary("es")).ToContainTextAsync("1 segmento(s) SMS · GSM-7");
        await Expect(ana.NewAlert.Offer("es")).ToBeHiddenAsync();
        await ana.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Guardar borrador" }).ClickAsync();

        await Expect(ana.Page).ToHaveURLAsync(new Regex(@"/console/alerts/\d+$"));
        var id = ana.Alert.Id;
        await Expect(ana.Alert.Facts).ToContainTextAsync("Simulacro");
        var (es, drill) = Assert.Single(await _w.Db.QueryAsync<(string, bool)>("SELECT texts->>'es', drill FROM alerts WHERE id = @id", new { id }));
        Assert.Equal((plain, true), (es, drill));
        await ana.Audit.OpenAsync();
        await Expect(ana.Audit.Line("Ana", "redactó", id)).ToBeVisibleAsync();
        Assert.True(ana.Errors.Count == 0, string.Join("\n", ana.Errors));
    }

    private Task<long> SeedAsync(string kind, string status, long? replyTo, string text) => _w.Db.ScalarAsync<long>("""
        INSERT INTO alerts (network_id, kind, reply_to, areas, texts, status, author_id, verifier_id, created_at, expires_at, verified_at, completed_at)
        VALUES (@network, @kind, @replyTo, ARRAY(SELECT id FROM areas WHERE slug = 'sonoma'), jsonb_build_object('en', @text), @status, @ana, @ben, now(), now() + interval '2 hours', now(), now())
        RETURNING id
        """, new { network = _w.NorthBay.Id, kind, replyTo, text, status, ana = _w.Ana.Coordinator.Id, ben = _w.Ben.Coordinator.Id });
}
