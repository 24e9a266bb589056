using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.Subscribers;

/// <summary>Language switches, HELP to anyone, and the answer to everything else (never stored).</summary>
public sealed class LanguageHelpOtherTests : IAsyncLifetime
{
    private const string Ana = "+12135550121";
    private const string Stranger = "+12135550122";
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task SubscribeAsync(string number, params string[] counties)
    {
        foreach (var county in counties)
            await _t.ReplyAsync(number, "JOIN " + county);
        await _t.ReplyAsync(number, "YES");
    }

    [Fact]
    public async Task Language_EnglishSubscriberSaysEspanol_SpanishFromThenOn()
    {
        await SubscribeAsync(Ana, "LA");

        var set = await _t.ReplyAsync(Ana, "Español");
        var help = await _t.ReplyAsync(Ana, "HELP");

        Assert.Equal("De acuerdo, le escribiremos en español.", set);
        Assert.Equal("es", await _t.LanguageAsync(Ana));
        Assert.StartsWith("LA RRN: alertas verificadas de su Red de Respuesta Rapida. Contacto: (213) 555-0190.", help);
    }

    [Theory]
    [InlineData("ENGLISH", "en", "OK, we'll write to you in English.")]
    [InlineData("lang en", "en", "OK, we'll write to you in English.")]
    [InlineData("LANG es", "es", "De acuerdo, le escribiremos en español.")]
    [InlineData("LANG klingon", "es", "Responda ESPAÑOL o ENGLISH para elegir su idioma, o LANG + una de estas claves: zh-Hant, zh-Hans, vi, tl, ko, hy, fa, ru, pa, ar.")]
    public async Task Language_SpanishSubscriber_SwitchesOrListsChoices(string text, string language, string expected)
    {
        await _t.ReplyAsync(Ana, "UNIRME LA");
        await _t.ReplyAsync(Ana, "SÍ");

        var reply = await _t.ReplyAsync(Ana, text);

        Assert.Equal(expected, reply);
        Assert.Equal(language, await _t.LanguageAsync(Ana));
    }

    [Fact]
    public async Task Language_FromStranger_AnswersInThatLanguageStoresNothing()
    {
        var reply = await _t.ReplyAsync(Stranger, "espanol");

        Assert.Equal("De acuerdo, le escribiremos en español. Responda UNIRME + su condado o codigo postal para recibir alertas.", reply);
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Theory]
    [InlineData("HELP", "Rapid Response Alerts: verified alerts from California's Rapid Response Networks. Reply JOIN + your county or ZIP code to subscribe, STOP to cancel. Msg & data rates may apply.")]
    [InlineData("info", "Rapid Response Alerts: verified alerts")]
    [InlineData("¡Ayuda!", "Alertas de Respuesta Rapida: alertas verificadas de las Redes de Respuesta Rapida de California. Responda UNIRME + su condado o codigo postal para suscribirse, ALTO para cancelar.")]
    public async Task Help_FromStranger_GeneralHelpNothingStored(string text, string expected)
    {
        var reply = await _t.ReplyAsync(Stranger, text);

        Assert.StartsWith(expected, reply);
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Help_SubscriberOfTwoNetworks_ProgramNamesAndBothHotlines()
    {
        await SubscribeAsync(Ana, "LA", "Napa");

        var reply = await _t.ReplyAsync(Ana, "help me");

        Assert.Equal($"LA RRN / {SmsTestbed.NorthBay}: verified alerts from your Rapid Response Network. " +
            $"Hotline: LA RRN (213) 555-0190; {SmsTestbed.NorthBay} (707) 555-0190. Reply LEAVE + county to leave one county, STOP to cancel. Msg & data rates may apply.", reply);
    }

    [Fact]
    public async Task Other_Subscriber_PointsToItsNetworksHotline()
    {
        await SubscribeAsync(Ana, "Sonoma");

        var reply = await _t.ReplyAsync(Ana, "what is this?");

        Assert.Equal($"{SmsTestbed.NorthBay}: This number only sends alerts; replies are not read. To report ICE activity, call (707) 555-0190. Reply HELP for help.", reply);
    }

    [Fact]
    public async Task Other_Stranger_GeneralLineNothingStored()
    {
        var reply = await _t.ReplyAsync(Stranger, "hello?");

        Assert.Equal("This number sends Rapid Response alerts; replies are not read. To report ICE activity, call your local Rapid Response hotline. Reply JOIN + your county or ZIP code to get alerts.", reply);
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Other_ReportTextedIn_TextIsNowhereInTheDatabase()
    {
        await SubscribeAsync(Ana, "LA");
        const string marker = "Zqxjv checkpoint at Elm and 5th";

        await _t.ReplyAsync(Ana, marker);
        await _t.ReplyAsync(Stranger, marker);

        var dump = await DatabaseDump.AllAsync(_t.Db);
        Assert.Contains("los-angeles", dump);
        Assert.DoesNotContain("Zqxjv", dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Elm and 5th", dump, StringComparison.OrdinalIgnoreCase);
    }
}
