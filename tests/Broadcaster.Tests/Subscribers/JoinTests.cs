using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.Subscribers;

/// <summary>Joining by text: double opt-in, ZIP codes, several counties, counties nobody serves.</summary>
public sealed class JoinTests : IAsyncLifetime
{
    private const string Ana = "+12135550101";
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task Join_NewNumber_PendingUntilYesThenWelcomeText()
    {
        var ask = await _t.ReplyAsync(Ana, "JOIN Los Angeles");

        Assert.Equal("LA RRN: Reply YES to confirm alerts for Los Angeles County. Msg & data rates may apply. If this wasn't you, ignore this message.", ask);
        Assert.Equal("pending", await _t.StatusAsync(Ana));
        Assert.Equal("los-angeles:pending", await _t.CountiesAsync(Ana));

        var welcome = await _t.ReplyAsync(Ana, "yes");

        Assert.Equal("LA RRN: You'll get alerts for Los Angeles County. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.", welcome);
        Assert.Equal("active", await _t.StatusAsync(Ana));
        Assert.Equal("los-angeles:active", await _t.CountiesAsync(Ana));
    }

    [Fact]
    public async Task Join_SpanishKeyword_SubscriberIsSpanishAndWelcomeKeepsAyudaAndAlto()
    {
        var ask = await _t.ReplyAsync(Ana, "UNIRME Los Ángeles");
        var welcome = await _t.ReplyAsync(Ana, "SÍ");

        Assert.Equal("LA RRN: Responda SI para confirmar las alertas del condado de Los Angeles. Pueden aplicar tarifas de mensajes y datos. Si no fue usted, ignore este mensaje.", ask);
        Assert.Equal("LA RRN: Le enviaremos alertas del condado de Los Angeles. La frecuencia de los mensajes puede variar. Pueden aplicar tarifas de mensajes y datos. Responda AYUDA para obtener ayuda, ALTO para cancelar.", welcome);
        Assert.Equal("es", await _t.LanguageAsync(Ana));
        Assert.Equal("active", await _t.StatusAsync(Ana));
    }

    [Theory]
    [InlineData("JOIN 94559", "napa")]
    [InlineData("join 95401-1234", "sonoma")]
    [InlineData("ALTA 90001.", "los-angeles")]
    public async Task Join_ZipCode_JoinsItsCounty(string text, string county)
    {
        await _t.ReplyAsync(Ana, text);

        Assert.Equal($"{county}:pending", await _t.CountiesAsync(Ana));
    }

    [Fact]
    public async Task Join_TwoCountiesBeforeYes_YesConfirmsBothWithBothProgramNames()
    {
        await _t.ReplyAsync(Ana, "JOIN OC");
        var ask = await _t.ReplyAsync(Ana, "JOIN Napa");
        var welcome = await _t.ReplyAsync(Ana, "YES");

        Assert.Contains("Reply YES to confirm alerts for Napa and Orange counties", ask);
        Assert.StartsWith($"{SmsTestbed.NorthBay} / LA RRN: You'll get alerts for Napa and Orange counties.", welcome);
        Assert.Equal("napa:active,orange:active", await _t.CountiesAsync(Ana));
    }

    [Fact]
    public async Task Join_AnotherCountyWhenActive_AddedAtOnceWithThatNetworksWelcome()
    {
        await _t.ReplyAsync(Ana, "JOIN LA");
        await _t.ReplyAsync(Ana, "YES");

        var added = await _t.ReplyAsync(Ana, "JOIN Sonoma");
        var again = await _t.ReplyAsync(Ana, "JOIN sonoma");

        Assert.Equal($"{SmsTestbed.NorthBay}: You'll get alerts for Sonoma County. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.", added);
        Assert.Contains("You already get alerts for Sonoma County", again);
        Assert.Equal("los-angeles:active,sonoma:active", await _t.CountiesAsync(Ana));
    }

    [Theory]
    [InlineData("JOIN Fresno", "Sorry, there are no alerts for Fresno County yet. Your number was not saved.")]
    [InlineData("UNIRME 93701", "Lo sentimos, por ahora no hay alertas para el condado de Fresno. No guardamos sus datos.")]
    [InlineData("JOIN Atlantis", "Sorry, we couldn't find that California county.")]
    [InlineData("JOIN", "Which county? Reply JOIN + your county or ZIP code")]
    [InlineData("START", "Which county?")]
    [InlineData("YES", "Which county?")]
    [InlineData("SI", "¿Qué condado? Responda UNIRME + su condado o codigo postal")]
    public async Task Join_NoServedCounty_PoliteReplyNothingStored(string text, string expected)
    {
        var reply = await _t.ReplyAsync(Ana, text);

        Assert.StartsWith(expected, reply);
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Yes_FromActiveNumber_RemindsCountiesChangesNothing()
    {
        await _t.ReplyAsync(Ana, "JOIN LA");
        await _t.ReplyAsync(Ana, "YES");

        var reply = await _t.ReplyAsync(Ana, "START");

        Assert.Equal("LA RRN: You already get alerts for Los Angeles County. Reply JOIN + county to add one, LEAVE + county to leave one.", reply);
        Assert.Equal("los-angeles:active", await _t.CountiesAsync(Ana));
    }

    [Fact]
    public async Task Si_FollowedByASentenceFromPendingNumber_Confirms()
    {
        await _t.ReplyAsync(Ana, "unirme napa");

        var reply = await _t.ReplyAsync(Ana, "Sí, gracias!");

        Assert.StartsWith($"{SmsTestbed.NorthBay}: Le enviaremos alertas del condado de Napa.", reply);
        Assert.Equal("active", await _t.StatusAsync(Ana));
    }

    [Fact]
    public async Task Si_FollowedByASentenceFromActiveNumber_IsAnOrdinaryMessage()
    {
        await _t.ReplyAsync(Ana, "unirme napa");
        await _t.ReplyAsync(Ana, "si");

        var reply = await _t.ReplyAsync(Ana, "si hay redada en la calle 5");

        Assert.StartsWith($"{SmsTestbed.NorthBay}: Solo enviamos alertas; no leemos las respuestas. Para reportar actividad de ICE, llame al (707) 555-0190.", reply);
        Assert.Equal("napa:active", await _t.CountiesAsync(Ana));
    }
}
