using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using PhoneNumbers;

namespace Broadcaster.Subscribers;

/// <summary>How a channel spells the commands a text tells people to send: SMS keywords, or Telegram slash commands.</summary>
public sealed record CommandWords(string Join, string Leave, string Stop, string Help, string Yes, string English, string Spanish);

/// <summary>
/// Every text a subscriber can receive, once per language (<see cref="EnglishTexts"/>, <see cref="SpanishTexts"/>).
/// Carrier rules shape the welcome and help texts: program name, frequency, rates, how to get help and how to stop.
/// </summary>
public abstract class SubscriberTexts(CommandWords words)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    protected CommandWords Words { get; } = words;

    public static SubscriberTexts For(string? language, string channel) => language == Language.Spanish
        ? new SpanishTexts(channel == ChannelName.Telegram ? TelegramWords : new("UNIRME", "SALIR", "ALTO", "AYUDA", "SÍ", "ENGLISH", "ESPAÑOL"))
        : new EnglishTexts(channel == ChannelName.Telegram ? TelegramWords : new("JOIN", "LEAVE", "STOP", "HELP", "YES", "ENGLISH", "ESPAÑOL"));

    private static readonly CommandWords TelegramWords = new("/join", "/leave", "/stop", "/help", "/start", "/lang en", "/lang es");

    /// <summary>The program name when the address has no network yet.</summary>
    public abstract string GeneralProgram { get; }

    public abstract string AskConfirm(string program, IReadOnlyList<string> counties);
    public abstract string Welcome(string program, IReadOnlyList<string> counties);
    public abstract string Lapsed();
    public abstract string NothingToConfirm();
    public abstract string AskCounty();
    public abstract string UnknownCounty();
    public abstract string NotServed(string county);
    public abstract string AlreadySubscribed(string program, IReadOnlyList<string> counties);
    public abstract string Stopped(string program);
    public abstract string Left(string program, string county, IReadOnlyList<string> remaining);
    public abstract string LeftLast(string program, string county);
    public abstract string NotInCounty(string county, IReadOnlyList<string> current);
    public abstract string WhichToLeave(IReadOnlyList<string> current);
    public abstract string NotSubscribed();
    public abstract string HowToJoin();
    public abstract string LanguageSet();
    public abstract string LanguageChoices();
    public abstract string Help(string program, IReadOnlyList<Hotline> hotlines);
    public abstract string HelpGeneral();
    public abstract string Other(string program, IReadOnlyList<Hotline> hotlines);
    public abstract string OtherGeneral();

    /// <summary>"Napa", "Napa and Sonoma", "Napa, Solano and Sonoma" with the language's "and".</summary>
    protected static string List(IReadOnlyList<string> items, string and) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + $" {and} " + items[^1],
    };

    /// <summary>"(707) 555-0100", or "North Bay RRN (707) 555-0100; LA RRN (213) 555-0100" for several networks.</summary>
    protected static string Hotlines(IReadOnlyList<Hotline> hotlines) => hotlines.Count == 1
        ? Display(hotlines[0].Number)
        : string.Join("; ", hotlines.Select(h => $"{h.Program} {Display(h.Number)}"));

    private static string Display(string e164)
    {
        try
        {
            var parsed = Phones.Parse(e164, "US");
            return Phones.Format(parsed, parsed.CountryCode == 1 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}

/// <summary>A network's hotline, for texts that point people to a human.</summary>
public sealed record Hotline(string Program, string Number);
