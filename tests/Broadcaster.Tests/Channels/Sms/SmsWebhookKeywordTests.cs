namespace Broadcaster.Tests.Channels.Sms;

public sealed class SmsTestbedFixture : IAsyncLifetime
{
    public SmsTestbed Testbed { get; private set; } = null!;
    public async Task InitializeAsync() => Testbed = await SmsTestbed.StartAsync();
    public async Task DisposeAsync() => await Testbed.DisposeAsync();
}

/// <summary>Every row of DESIGN.md's keyword table, in English and Spanish, through the signed webhook. One number per row.</summary>
public sealed class SmsWebhookKeywordTests(SmsTestbedFixture fixture) : IClassFixture<SmsTestbedFixture>
{
    private readonly SmsTestbed _t = fixture.Testbed;

    [Theory]
    [InlineData("+12135550130", "JOIN Orange", "YES", "LA RRN: Reply YES to confirm alerts for Orange County.")]
    [InlineData("+12135550131", "START orange", "YES", "LA RRN: Reply YES")]
    [InlineData("+12135550132", "unstop OC", "yes", "LA RRN: Reply YES")]
    [InlineData("+12135550133", "YES Orange", "YES", "LA RRN: Reply YES")]
    [InlineData("+12135550134", "UNIRME Orange", "SÍ", "LA RRN: Responda SI para confirmar las alertas del condado de Orange.")]
    [InlineData("+12135550135", "Alta condado de Orange", "si", "LA RRN: Responda SI")]
    [InlineData("+12135550136", "SI 92701", "Sí.", "LA RRN: Responda SI")]
    [InlineData("+12135550137", "Sí Orange County", "SI", "LA RRN: Responda SI")]
    public async Task OptInWord_WithCounty_AsksToConfirmThenActive(string number, string join, string yes, string expectedAsk)
    {
        var ask = await _t.ReplyAsync(number, join);
        var pending = await _t.CountiesAsync(number);
        var welcome = await _t.ReplyAsync(number, yes);

        Assert.StartsWith(expectedAsk, ask);
        Assert.Equal("orange:pending", pending);
        Assert.StartsWith(expectedAsk.Contains("Responda") ? "LA RRN: Le enviaremos alertas del condado de Orange." : "LA RRN: You'll get alerts for Orange County.", welcome);
        Assert.Equal("orange:active", await _t.CountiesAsync(number));
    }

    [Theory]
    [InlineData("+12135550140", "en", "STOP")]
    [InlineData("+12135550141", "en", "STOPALL")]
    [InlineData("+12135550142", "en", "unsubscribe")]
    [InlineData("+12135550143", "en", "Cancel")]
    [InlineData("+12135550144", "en", "END")]
    [InlineData("+12135550145", "en", "quit")]
    [InlineData("+12135550146", "en", "REVOKE")]
    [InlineData("+12135550147", "en", "OPTOUT")]
    [InlineData("+12135550148", "es", "ALTO")]
    [InlineData("+12135550149", "es", "para")]
    [InlineData("+12135550150", "es", "PARAR")]
    [InlineData("+12135550151", "es", "Baja")]
    [InlineData("+12135550152", "es", "CANCELAR")]
    [InlineData("+12135550153", "es", "detener")]
    [InlineData("+12135550154", "en", "  Stop!! ")]
    public async Task OptOutWord_ActiveSubscriber_StoppedAndConfirmedInTheirLanguage(string number, string language, string word)
    {
        await _t.Seed.SubscriberAsync("sms", number, language, "los-angeles", "napa");

        var reply = await _t.ReplyAsync(number, word);

        Assert.StartsWith(language == "es"
            ? $"LA RRN / {SmsTestbed.NorthBay}: Ha cancelado sus alertas y ya no le enviaremos mensajes."
            : $"LA RRN / {SmsTestbed.NorthBay}: You're unsubscribed and will get no more messages.", reply);
        Assert.Equal("stopped", await _t.StatusAsync(number));
        Assert.Equal("", await _t.CountiesAsync(number));
    }

    [Theory]
    [InlineData("+12135550160", "HELP", "LA RRN: verified alerts from your Rapid Response Network. Hotline: (213) 555-0190. Reply LEAVE + county to leave one county, STOP to cancel. Msg & data rates may apply.")]
    [InlineData("+12135550161", "Info", "LA RRN: verified alerts from your Rapid Response Network. Hotline: (213) 555-0190.")]
    [InlineData("+12135550162", "AYUDA", "LA RRN: verified alerts")]
    public async Task HelpWord_EnglishSubscriber_ProgramHotlineAndHowToLeave(string number, string word, string expected)
    {
        await _t.Seed.SubscriberAsync("sms", number, "en", "orange");

        Assert.StartsWith(expected, await _t.ReplyAsync(number, word));
    }

    [Theory]
    [InlineData("+12135550165", "LEAVE Orange", "LA RRN: You left alerts for Orange County. You still get alerts for Los Angeles County.")]
    [InlineData("+12135550166", "SALIR orange", "LA RRN: You left alerts for Orange County.")]
    public async Task LeaveWord_OneCounty_LeftOnlyThatOne(string number, string text, string expected)
    {
        await _t.Seed.SubscriberAsync("sms", number, "en", "los-angeles", "orange");

        var reply = await _t.ReplyAsync(number, text);

        Assert.StartsWith(expected, reply);
        Assert.Equal("los-angeles:active", await _t.CountiesAsync(number));
    }

    [Theory]
    [InlineData("+12135550170", "es", "ENGLISH", "en", "OK, we'll write to you in English.")]
    [InlineData("+12135550171", "en", "ESPAÑOL", "es", "De acuerdo, le escribiremos en español.")]
    [InlineData("+12135550172", "en", "LANG es", "es", "De acuerdo, le escribiremos en español.")]
    [InlineData("+12135550173", "es", "lang EN", "en", "OK, we'll write to you in English.")]
    public async Task LanguageWord_Subscriber_Switched(string number, string from, string text, string to, string expected)
    {
        await _t.Seed.SubscriberAsync("sms", number, from, "orange");

        Assert.Equal(expected, await _t.ReplyAsync(number, text));
        Assert.Equal(to, await _t.LanguageAsync(number));
    }

    [Theory]
    [InlineData("+12135550175", "en", "Is there a raid today?", "LA RRN: This number only sends alerts; replies are not read. To report ICE activity, call (213) 555-0190.")]
    [InlineData("+12135550176", "es", "hola", "LA RRN: Solo enviamos alertas; no leemos las respuestas. Para reportar actividad de ICE, llame al (213) 555-0190.")]
    public async Task AnythingElse_Subscriber_PointsToHotline(string number, string language, string text, string expected)
    {
        await _t.Seed.SubscriberAsync("sms", number, language, "orange");

        Assert.StartsWith(expected, await _t.ReplyAsync(number, text));
        Assert.Equal("orange:active", await _t.CountiesAsync(number));
    }
}
