using Broadcaster.SignUp;

namespace Broadcaster.Tests.SignUp;

public sealed class SignUpSheetTests
{
    private static readonly PublicLinks Links = new("https://alerts.example.org/n/la-rrn", "https://alerts.example.org/n/la-rrn/privacy");

    [Theory]
    [InlineData("en", "About this service", "Privacy policy and SMS terms")]
    [InlineData("es", "Sobre este servicio", "Privacidad y condiciones de SMS")]
    public void For_Language_NamesTheNetworksPublicPages(string language, string about, string privacy)
    {
        var sheet = SignUpSheet.For(language, "LA RRN", "Long Beach", null, "long-beach", "Long Beach", "+15625550100", null, Links);
        var svg = SheetSvg.Render([sheet], null);

        Assert.Equal((about, privacy, Links), (sheet.AboutLabel, sheet.PrivacyLabel, sheet.Links));
        Assert.Contains($"{about}: {Links.Page}<", svg);
        Assert.Contains(privacy, svg);
        Assert.Contains($"{Links.Privacy}<", svg);
    }

    [Fact]
    public void QrPng_DeepLink_DecodesToTheSameLink()
    {
        var link = SignUpSheet.DeepLinkFor("broadcaster_test_bot", "los-angeles");

        Assert.Equal("https://t.me/broadcaster_test_bot?start=los-angeles", link);
        Assert.Equal(link, QrDecoder.Decode(QrCodes.Png(link)));
    }

    [Theory]
    [InlineData("en", "Text JOIN LOS ANGELES to (213) 555-0100, then reply YES to confirm.", "Msg frequency varies. Msg & data rates may apply.", "Reply HELP for help, STOP to cancel.")]
    [InlineData("es", "Envíe UNIRME LOS ANGELES al (213) 555-0100 y responda SÍ para confirmar.", "La frecuencia de los mensajes varía. Pueden aplicar tarifas de mensajes y datos.", "Responda AYUDA para obtener ayuda, ALTO para cancelar.")]
    public void For_Language_NumberKeywordAndCarrierDisclosures(string language, string sms, string frequency, string helpStop)
    {
        var sheet = SignUpSheet.For(language, "LA RRN", "Los Angeles County", "Los Angeles", "los-angeles", "Los Angeles", "+12135550100", "bot", Links);

        Assert.Equal(sms, sheet.SmsLine);
        Assert.Equal(frequency, sheet.Frequency);
        Assert.Equal(helpStop, sheet.HelpStop);
        Assert.Equal("https://t.me/bot?start=los-angeles", sheet.DeepLink);
    }

    [Theory]
    [InlineData("en", "LBCDN alerts: Long Beach", "Text JOIN LONG BEACH to (562) 555-0100, then reply YES to confirm.")]
    [InlineData("es", "Alertas de LBCDN: Long Beach", "Envíe UNIRME LONG BEACH al (562) 555-0100 y responda SÍ para confirmar.")]
    public void For_CityArea_TitledByTheAreaAndItsDeepLink(string language, string title, string sms)
    {
        var sheet = SignUpSheet.For(language, "LBCDN", "Long Beach", null, "long-beach", "Long Beach", "+15625550100", "bot", Links);

        Assert.Equal(title, sheet.Title);
        Assert.Equal(sms, sheet.SmsLine);
        Assert.Equal("https://t.me/bot?start=long-beach", sheet.DeepLink);
    }

    [Theory]
    [InlineData("en", "LA RRN alerts: Los Angeles County", "JOIN LOS-ANGELES")]
    [InlineData("es", "Alertas de LA RRN: condado de Los Angeles", "UNIRME LOS-ANGELES")]
    public void For_CountyAreaJoinedBySlug_TitledByTheCountyKeywordIsTheSlug(string language, string title, string keyword)
    {
        var sheet = SignUpSheet.For(language, "LA RRN", "Los Angeles County", "Los Angeles", "los-angeles", "los-angeles", "+12135550100", "bot", Links);

        Assert.Equal(title, sheet.Title);
        Assert.Equal(keyword, sheet.Keyword);
    }

    [Fact]
    public void For_TelegramOff_NoDeepLink()
    {
        var sheet = SignUpSheet.For("en", "LA RRN", "Los Angeles County", "Los Angeles", "los-angeles", "Los Angeles", "+12135550100", null, Links);

        Assert.Null(sheet.DeepLink);
        Assert.Null(sheet.TelegramLine);
    }

    [Fact]
    public void Wrap_LongLine_NoLineOverTheWidthAndNoWordLost()
    {
        const string text = "Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.";

        var lines = SheetSvg.Wrap(text, 20).ToList();

        Assert.All(lines, l => Assert.True(l.Length <= 20, l));
        Assert.Equal(text, string.Join(" ", lines));
    }
}
