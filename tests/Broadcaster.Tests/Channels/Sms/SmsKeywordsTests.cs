using Broadcaster.Channels.Sms;

namespace Broadcaster.Tests.Channels.Sms;

public sealed class SmsKeywordsTests
{
    [Theory]
    [InlineData("JOIN Los Angeles", SmsKeyword.OptIn, "Los Angeles", null)]
    [InlineData("start 90001", SmsKeyword.OptIn, "90001", null)]
    [InlineData("UNSTOP", SmsKeyword.OptIn, "", null)]
    [InlineData("Unirme: Los Ángeles.", SmsKeyword.OptIn, "Los Ángeles", "es")]
    [InlineData("ALTA 94110-1234", SmsKeyword.OptIn, "94110-1234", "es")]
    [InlineData("YES", SmsKeyword.Confirm, "", null)]
    [InlineData("SÍ", SmsKeyword.Confirm, "", "es")]
    [InlineData("Sí, gracias!", SmsKeyword.Confirm, "gracias", "es")]
    [InlineData("si", SmsKeyword.Confirm, "", "es")]
    [InlineData("HELP", SmsKeyword.Help, "", null)]
    [InlineData("Info", SmsKeyword.Help, "", null)]
    [InlineData("¡AYUDA!", SmsKeyword.Help, "", "es")]
    [InlineData("LEAVE Napa", SmsKeyword.Leave, "Napa", null)]
    [InlineData("salir napa", SmsKeyword.Leave, "napa", "es")]
    [InlineData("ENGLISH", SmsKeyword.Language, "en", "en")]
    [InlineData("Español", SmsKeyword.Language, "es", "es")]
    [InlineData("espanol", SmsKeyword.Language, "es", "es")]
    [InlineData("LANG es", SmsKeyword.Language, "es", null)]
    [InlineData("lang xx", SmsKeyword.Language, "", null)]
    [InlineData("hello", SmsKeyword.Other, "", null)]
    [InlineData("", SmsKeyword.Other, "", null)]
    [InlineData("stop sending the old ones", SmsKeyword.Other, "", null)]
    [InlineData("JOIN94110", SmsKeyword.Other, "", null)]
    public void Parse_Keyword_KeywordArgumentAndLanguage(string body, SmsKeyword keyword, string argument, string? language)
    {
        var command = SmsKeywords.Parse(body);

        Assert.Equal((keyword, argument, language), (command.Keyword, command.Argument, command.Language));
    }

    [Theory]
    [InlineData("STOP", null)]
    [InlineData("stopall", null)]
    [InlineData("Unsubscribe", null)]
    [InlineData("CANCEL", null)]
    [InlineData("end", null)]
    [InlineData("QUIT", null)]
    [InlineData("revoke", null)]
    [InlineData("OPTOUT", null)]
    [InlineData("Opt-Out", null)]
    [InlineData("  stop!  ", null)]
    [InlineData("STOP ALL", null)]
    [InlineData("ALTO", "es")]
    [InlineData("Para.", "es")]
    [InlineData("parar", "es")]
    [InlineData("BAJA", "es")]
    [InlineData("Cancelar", "es")]
    [InlineData("DETENER", "es")]
    [InlineData("détener", "es")]
    public void Parse_OptOutWordAsWholeMessage_OptOut(string body, string? language)
    {
        var command = SmsKeywords.Parse(body);

        Assert.Equal(SmsKeyword.OptOut, command.Keyword);
        Assert.Equal(language, command.Language);
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData(" stop ", true)]
    [InlineData("Help", true)]
    [InlineData("INFO", true)]
    [InlineData("Stop.", false)]
    [InlineData("help me", false)]
    [InlineData("ALTO", false)]
    [InlineData("AYUDA", false)]
    [InlineData("YES", false)]
    [InlineData("START", false)]
    public void Parse_TwilioManagedWords_OnlyExactEnglishStopAndHelpWords(string body, bool answeredByTwilio)
    {
        Assert.Equal(answeredByTwilio, SmsKeywords.Parse(body).AnsweredByTwilio);
    }
}
