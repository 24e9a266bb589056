using Broadcaster.Subscribers;

namespace Broadcaster.Tests.Subscribers;

public sealed class KeywordsTests
{
    [Theory]
    [InlineData("JOIN Los Angeles", SubscriberVerb.OptIn, "Los Angeles", null)]
    [InlineData("start 90001", SubscriberVerb.OptIn, "90001", null)]
    [InlineData("UNSTOP", SubscriberVerb.OptIn, "", null)]
    [InlineData("Unirme: Los Ángeles.", SubscriberVerb.OptIn, "Los Ángeles", "es")]
    [InlineData("ALTA 94110-1234", SubscriberVerb.OptIn, "94110-1234", "es")]
    [InlineData("YES", SubscriberVerb.Confirm, "", null)]
    [InlineData("SÍ", SubscriberVerb.Confirm, "", "es")]
    [InlineData("Sí, gracias!", SubscriberVerb.Confirm, "gracias", "es")]
    [InlineData("si", SubscriberVerb.Confirm, "", "es")]
    [InlineData("HELP", SubscriberVerb.Help, "", null)]
    [InlineData("Info", SubscriberVerb.Help, "", null)]
    [InlineData("¡AYUDA!", SubscriberVerb.Help, "", "es")]
    [InlineData("LEAVE Napa", SubscriberVerb.Leave, "Napa", null)]
    [InlineData("salir napa", SubscriberVerb.Leave, "napa", "es")]
    [InlineData("ENGLISH", SubscriberVerb.Language, "en", "en")]
    [InlineData("Español", SubscriberVerb.Language, "es", "es")]
    [InlineData("espanol", SubscriberVerb.Language, "es", "es")]
    [InlineData("LANG es", SubscriberVerb.Language, "es", null)]
    [InlineData("lang xx", SubscriberVerb.Language, "", null)]
    [InlineData("hello", SubscriberVerb.Other, "hello", null)]
    [InlineData("", SubscriberVerb.Other, "", null)]
    [InlineData("stop sending the old ones", SubscriberVerb.Other, "stop sending the old ones", null)]
    [InlineData("JOIN94110", SubscriberVerb.Other, "JOIN94110", null)]
    public void Parse_Keyword_KeywordArgumentAndLanguage(string body, SubscriberVerb keyword, string argument, string? language)
    {
        var command = Keywords.Parse(body);

        Assert.Equal((keyword, argument, language), (command.Verb, command.Argument, command.Language));
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
        var command = Keywords.Parse(body);

        Assert.Equal(SubscriberVerb.OptOut, command.Verb);
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
        Assert.Equal(answeredByTwilio, Keywords.Parse(body).AnsweredByTwilio);
    }
}
