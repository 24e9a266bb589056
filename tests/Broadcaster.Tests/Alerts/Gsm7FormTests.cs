using Broadcaster.Alerts;

namespace Broadcaster.Tests.Alerts;

public sealed class Gsm7FormTests
{
    [Theory]
    [InlineData("Redada en la estación; evite el área.", "Redada en la estacion; evite el area.")]
    [InlineData("“ICE” at Main — don’t open the door…", "\"ICE\" at Main - don't open the door...")]
    [InlineData("Retén, señor, pingüino, ¿dónde?", "Retén, señor, pingüino, ¿donde?")] // é ñ ü ¿ are GSM-7 and stay
    [InlineData("Á Í Ó Ú ç", "A I O U c")]
    public void Of_TypographyAndAccents_PlainGsm7(string text, string plain)
    {
        Assert.Equal(plain, Gsm7Form.Of(text));
        Assert.True(Gsm7Form.Helps(text));
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(Gsm7Form.Of(text)).Encoding);
    }

    [Theory]
    [InlineData("Plain text, é and ñ.")] // already GSM-7: nothing to offer
    [InlineData("Redada 🚨 en la estación")] // an emoji has no GSM-7 form: the form would still be UCS-2
    [InlineData("突袭")]
    public void Helps_AlreadyGsm7OrNoPlainForm_False(string text) => Assert.False(Gsm7Form.Helps(text));
}
