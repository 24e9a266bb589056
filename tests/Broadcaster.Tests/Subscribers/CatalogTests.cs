using Broadcaster.Tests.Infrastructure;
using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Subscribers;

namespace Broadcaster.Tests.Subscribers;

/// <summary>The language catalogs a translator edits: complete, consistent with the keyword table, carrier texts kept.</summary>
public sealed class CatalogTests
{
    public static TheoryData<string> Languages() => new(Language.Supported);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Catalog_EveryLanguage_HasEveryEnglishKeyWithTheSamePlaceholders(string code)
    {
        var english = Catalog.For(Language.English);
        var catalog = Catalog.All[code];

        var missing = english.Keys.Where(k => !catalog.Keys.Contains(k)).ToList();
        var extra = catalog.Keys.Where(k => !english.Keys.Contains(k)).ToList();
        var mismatched = english.Keys.Where(catalog.Keys.Contains)
            .Where(k => !Catalog.Placeholders(catalog.Raw(k)).SetEquals(Catalog.Placeholders(english.Raw(k))))
            .Select(k => $"{k}: {catalog.Raw(k)}")
            .ToList();

        Assert.Empty(missing);
        Assert.Empty(extra);
        Assert.Empty(mismatched);
        Assert.DoesNotContain(catalog.Keys, k => string.IsNullOrWhiteSpace(catalog.Raw(k)));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Catalog_EveryLanguage_NamesItsReviewerAndItself(string code)
    {
        var catalog = Catalog.All[code];

        Assert.Equal(code, catalog.Code);
        Assert.False(string.IsNullOrWhiteSpace(catalog.Name));
        Assert.True(catalog.Review == "machine-drafted" || catalog.Review.StartsWith("reviewed: "), catalog.Review);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Welcome_EveryLanguage_KeepsProgramRatesHelpAndStop(string code)
    {
        var texts = SubscriberTexts.For(code, ChannelName.Sms);
        var words = Catalog.All[code].Words;

        var welcome = texts.Welcome("North Bay RRN", [Places.County("Napa")]);

        Assert.StartsWith("North Bay RRN", welcome);
        Assert.Contains(Catalog.All[code].Raw("rates"), welcome);
        Assert.Contains(words.Help, welcome);
        Assert.Contains(words.Stop, welcome);
        Assert.Contains("Napa", welcome);
        Assert.DoesNotContain("{", welcome);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Keywords_EveryCatalogsOwnWords_ParseToTheirCommand(string code)
    {
        var catalog = Catalog.All[code];

        Assert.Equal(SubscriberVerb.OptOut, Keywords.Parse(catalog.Words.Stop).Verb);
        Assert.Equal(SubscriberVerb.Help, Keywords.Parse(catalog.Words.Help).Verb);
        Assert.Equal(SubscriberVerb.Confirm, Keywords.Parse(catalog.Words.Yes).Verb);
        Assert.Equal((SubscriberVerb.OptIn, "Napa"), (Keywords.Parse(catalog.Words.Join + " Napa").Verb, Keywords.Parse(catalog.Words.Join + " Napa").Argument));
        Assert.Equal(SubscriberVerb.Leave, Keywords.Parse(catalog.Words.Leave + " Napa").Verb);
        foreach (var word in catalog.OptOutWords)
            Assert.Equal(SubscriberVerb.OptOut, Keywords.Parse(word).Verb);
        foreach (var name in catalog.LanguageWords)
            Assert.Equal((SubscriberVerb.Language, code), (Keywords.Parse(name).Verb, Keywords.Parse(name).Argument));
        Assert.Equal((SubscriberVerb.Language, code), (Keywords.Parse("LANG " + code).Verb, Keywords.Parse("lang " + code.ToLowerInvariant()).Argument));
    }
}

/// <summary>
/// What the service adds to every alert (its labels, the drill marker, the follow-up starters) must not be what turns a
/// GSM-7 text into UCS-2, which costs up to three times the segments: in every language written in the Latin alphabet.
/// </summary>
public sealed class ServiceTextGsm7Tests
{
    // Arabic, Persian, Armenian, Korean, Punjabi, Russian and Chinese have no GSM-7 spelling: their labels go UCS-2.
    public static TheoryData<string> LatinAlphabet() => new("en", "es", "tl", "vi");

    [Theory]
    [MemberData(nameof(LatinAlphabet))]
    public void Catalog_ServiceAddedLabels_AreGsm7(string code)
    {
        var catalog = Catalog.All[code];

        var outside = catalog.Keys.Where(k => k.StartsWith("alert.", StringComparison.Ordinal))
            .Where(k => !catalog.Raw(k).All(Broadcaster.Alerts.SmsSegments.IsGsm7))
            .Select(k => $"{k}: {catalog.Raw(k)}")
            .ToList();

        Assert.Contains(catalog.Keys, k => k.StartsWith("alert.", StringComparison.Ordinal));
        Assert.Empty(outside);
    }

    // Vietnamese is written with tone marks GSM-7 lacks: only its labels can be GSM-7, not its sentences.
    public static TheoryData<string> Gsm7Alphabet() => new("en", "es", "tl");

    /// <summary>
    /// Every sentence of the catalog as a subscriber gets it (welcome, confirm, help, ...), its placeholders filled with
    /// typical values and the catalog's own keywords: one accent GSM-7 lacks (á, í, ó, ú, "SÍ") or a curly quote
    /// makes every such SMS UCS-2, two or three segments instead of one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Gsm7Alphabet))]
    public void Catalog_EverySentenceWithTypicalValues_IsGsm7(string code)
    {
        var catalog = Catalog.All[code];
        var w = catalog.Words;
        var values = new Dictionary<string, string>
        {
            ["join"] = w.Join, ["leave"] = w.Leave, ["stop"] = w.Stop, ["help"] = w.Help, ["yes"] = w.Yes, ["all"] = w.All,
            ["english"] = "ENGLISH", ["spanish"] = "ESPAÑOL", ["program"] = "North Bay RRN", ["network"] = "Long Beach RRN",
            ["counties"] = "Napa County", ["county"] = "Sonoma County", ["countyThe"] = "Solano County", ["placeThe"] = "Long Beach",
            ["names"] = "Napa", ["number"] = "(562) 555-0100", ["hotline"] = "(707) 555-0100", ["codes"] = "zh-Hant, vi, tl",
            ["options"] = "1 LA RRN - Los Angeles County\n2 Long Beach RRN - Long Beach",
        };

        var rendered = catalog.Keys.Select(k => (Key: k, Text: catalog.Text(k, values))).ToList();
        var outside = rendered.Where(t => !t.Text.All(Broadcaster.Alerts.SmsSegments.IsGsm7))
            .Select(t => $"{t.Key}: {string.Concat(t.Text.Where(c => !Broadcaster.Alerts.SmsSegments.IsGsm7(c)).Distinct())} in \"{t.Text}\"")
            .ToList();

        Assert.DoesNotContain(rendered, t => t.Text.Contains('{'));
        Assert.Empty(outside);
    }

    [Theory]
    [MemberData(nameof(Gsm7Alphabet))]
    public void WelcomeConfirmHelp_AsRendered_Gsm7(string code)
    {
        var texts = SubscriberTexts.For(code, ChannelName.Sms);
        var napa = new[] { Places.County("Napa") };
        var hotline = new[] { new Hotline("North Bay RRN", "+17075550100") };

        var counts = new[] { texts.Welcome("North Bay RRN", napa), texts.AskConfirm("North Bay RRN", napa), texts.Help("North Bay RRN", hotline) }
            .Select(t => (Text: t, Count: Broadcaster.Alerts.SmsSegments.Count(t)))
            .ToList();

        Assert.All(counts, c => Assert.Equal(Broadcaster.Alerts.SmsEncoding.Gsm7, c.Count.Encoding));
    }

    [Theory]
    [InlineData("all-clear", "en")]
    [InlineData("all-clear", "es")]
    [InlineData("retraction", "en")]
    [InlineData("retraction", "es")]
    public void FollowUpStarter_RenderedWithItsLabels_OneGsm7Segment(string kind, string language)
    {
        var text = Broadcaster.Alerts.FollowUpText.Starter(kind, 1234, language)!;
        var alert = new Broadcaster.Alerts.Alert(1240, 1, kind, 1234, [new Broadcaster.Alerts.AlertArea(1, "los-angeles", "Los Angeles County")], new Dictionary<string, string> { [language] = text },
            "draft", 1, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null);

        var count = Broadcaster.Alerts.SmsSegments.Count(Broadcaster.Alerts.AlertText.Render(alert, "Demo Rapid Response Network", language));

        Assert.Equal((Broadcaster.Alerts.SmsEncoding.Gsm7, 1), (count.Encoding, count.Segments));
    }

    [Fact]
    public void SpanishLabels_UseUsted()
    {
        var spanish = Catalog.All["es"];

        Assert.StartsWith("Responda ", spanish.Raw("alert.leave.sms"));
        Assert.StartsWith("Use ", spanish.Raw("alert.leave.telegram"));
    }
}
