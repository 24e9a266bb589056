using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using PhoneNumbers;

namespace Broadcaster.Subscribers;

/// <summary>How a channel spells the commands a text tells people to send: SMS keywords, or Telegram slash commands.</summary>
public sealed record CommandWords(string Join, string Leave, string Stop, string Help, string Yes, string English, string Spanish, string All);

/// <summary>
/// Every text a subscriber can receive, in one language, from its <see cref="Catalog"/>. Carrier rules shape the
/// welcome and help texts: program name, frequency, rates, how to get help and how to stop (every catalog keeps them).
/// </summary>
public sealed class SubscriberTexts
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static CommandWords TelegramWords(string all) => new("/join", "/leave", "/stop", "/help", "/start", "/lang en", "/lang es", all);

    private readonly Catalog _catalog;
    private readonly CommandWords _words;

    private SubscriberTexts(Catalog catalog, CommandWords words)
    {
        _catalog = catalog;
        _words = words;
    }

    public static SubscriberTexts For(string? language, string channel)
    {
        var catalog = Catalog.For(language);
        var w = catalog.Words;
        return new(catalog, channel == ChannelName.Telegram ? TelegramWords(w.All) : new(w.Join, w.Leave, w.Stop, w.Help, w.Yes, "ENGLISH", "ESPAÑOL", w.All));
    }

    public string Language => _catalog.Code;

    /// <summary>The program name when the address has no network yet.</summary>
    public string GeneralProgram => T("program.general");

    public string AskConfirm(string program, IReadOnlyList<Place> counties) => T("confirm.ask", ("program", program), ("counties", Of(counties)));
    public string Welcome(string program, IReadOnlyList<Place> counties) => T("welcome", ("program", program), ("counties", Of(counties)));
    public string Lapsed() => T("confirm.lapsed");
    public string NothingToConfirm() => T("confirm.nothing");
    public string AskCounty() => T("county.ask");
    public string UnknownCounty() => T("county.unknown");
    public string NotServed(Place place) => T("county.notServed", ("countyThe", The(place)));

    /// <summary>At a network's own number, JOIN alone when the network has several counties.</summary>
    public string ChooseCounty(string program, IReadOnlyList<Place> counties) => T("county.choose", ("program", program), ("counties", Of(counties)));

    /// <summary>At a network's own number, a county that another network serves from its own number.</summary>
    public string OtherNetwork(Place place, string network, string number) =>
        T("county.otherNetwork", ("countyThe", The(place)), ("network", network), ("number", Display(number)));

    public string AlreadySubscribed(string program, IReadOnlyList<Place> counties) => T("already", ("program", program), ("counties", Of(counties)));
    public string Stopped(string program) => T("stopped", ("program", program));
    public string Left(string program, IReadOnlyList<Place> left, IReadOnlyList<Place> remaining) =>
        T("left", ("program", program), ("county", Of(left)), ("counties", Of(remaining)));
    public string LeftLast(string program, IReadOnlyList<Place> left) => T("leftLast", ("program", program), ("county", Of(left)));
    public string NotInCounty(Place place, IReadOnlyList<Place> current) => T("notInCounty", ("county", Of([place])), ("counties", Of(current)));
    public string WhichToLeave(IReadOnlyList<Place> current) => T("whichToLeave", ("counties", Of(current)));
    public string NotSubscribed() => T("notSubscribed");
    public string HowToJoin() => T("howToJoin");
    public string LanguageSet() => T("language.set");
    public string LanguageChoices() =>
        T("language.choices", ("codes", string.Join(", ", Infrastructure.Language.Supported.Skip(2))));

    public string Help(string program, IReadOnlyList<Hotline> hotlines) =>
        T("help", ("program", program), ("hotline", hotlines.Count == 0 ? T("hotline.local.help") : Hotlines(hotlines)));
    public string HelpGeneral() => T("help.general");

    public string Other(string program, IReadOnlyList<Hotline> hotlines) =>
        T("other", ("program", program), ("hotline", hotlines.Count == 0 ? T("hotline.local.call") : T("hotline.call", ("number", Hotlines(hotlines)))));
    public string OtherGeneral() => T("other.general");

    /// <summary>
    /// At the default number, a place several networks serve: the numbered choices ("1 CHIRLA - Los Angeles County"),
    /// one a line, answered with a number, several, or ALL.
    /// </summary>
    public string Menu(Place place, IReadOnlyList<MenuOption> options) =>
        T("menu.choose", ("placeThe", The(place)), ("options", Options(options)));

    /// <summary>The same choices again, when the answer was not one of them (YES before a choice).</summary>
    public string MenuAgain(IReadOnlyList<MenuOption> options) => T("menu.again", ("options", Options(options)));

    private static string Options(IReadOnlyList<MenuOption> options) =>
        string.Join("\n", options.Select(o => $"{o.Choice} {o.Network} - {o.Area}"));

    /// <summary>Telegram's county picker: the prompt, or the answer when no county has alerts yet.</summary>
    public string PickCounty(bool any) => T(any ? "picker.choose" : "picker.none");

    /// <summary>Telegram's second step: the areas of one county ("Choose your area in Los Angeles County…").</summary>
    public string PickArea(string countyName) => T("picker.area", ("countyThe", The(new Place(countyName, countyName))));

    private string T(string key, params (string Name, string Value)[] values)
    {
        var all = new Dictionary<string, string>
        {
            ["join"] = _words.Join, ["leave"] = _words.Leave, ["stop"] = _words.Stop, ["help"] = _words.Help,
            ["yes"] = _words.Yes, ["english"] = _words.English, ["spanish"] = _words.Spanish, ["all"] = _words.All,
        };
        foreach (var (name, value) in values)
            all[name] = value;
        return _catalog.Text(key, all);
    }

    /// <summary>
    /// "Napa County", "Napa and Sonoma counties" (Spanish: "del condado de Napa", "de los condados de Napa y Sonoma");
    /// an area that is not exactly one county by its own name: "Napa County and Long Beach" ("del condado de Napa y de Long Beach").
    /// </summary>
    private string Of(IReadOnlyList<Place> places)
    {
        var names = places.Select(p => p.CountyName ?? p.Name).Distinct().ToList();
        if (places.All(p => p.CountyName is not null))
            return _catalog.Text(names.Count == 1 ? "phrase.of.one" : "phrase.of.many", new Dictionary<string, string> { ["names"] = List(names) });
        return List(places.DistinctBy(p => p.CountyName ?? p.Name).Select(p =>
            _catalog.Text(p.CountyName is null ? "phrase.of.area" : "phrase.of.one", new Dictionary<string, string> { ["names"] = p.CountyName ?? p.Name })).ToList());
    }

    private string The(Place place) => _catalog.Text(place.CountyName is null ? "phrase.the.area" : "phrase.the.one",
        new Dictionary<string, string> { ["names"] = place.CountyName ?? place.Name });

    /// <summary>"Napa", "Napa and Sonoma", "Napa, Solano and Sonoma" with the language's "and".</summary>
    private string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + $" {And(items[^1])} " + items[^1],
    };

    // Spanish "y" becomes "e" before an /i/ sound: "Napa e Imperial".
    private string And(string last) =>
        _catalog.Code == Infrastructure.Language.Spanish && (last.StartsWith('I') || last.StartsWith("Hi")) && !last.StartsWith("Hie")
            ? "e"
            : _catalog.Raw("phrase.and");

    /// <summary>"(707) 555-0100", or "North Bay RRN (707) 555-0100; LA RRN (213) 555-0100" for several networks.</summary>
    private static string Hotlines(IReadOnlyList<Hotline> hotlines) => hotlines.Count == 1
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

/// <summary>One line of a network/area menu: the number to answer with, the network, the area.</summary>
public sealed record MenuOption(int Choice, string Network, string Area);

/// <summary>A network's hotline, for texts that point people to a human.</summary>
public sealed record Hotline(string Program, string Number);
