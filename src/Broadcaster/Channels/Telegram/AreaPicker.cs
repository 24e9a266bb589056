using System.Text;
using Broadcaster.Channels;
using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Subscribers;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// The buttons Telegram users tap instead of typing: the counties some area lies in, then that county's areas (of
/// every network: "Los Angeles County · CHIRLA", "Long Beach · LBCDN"), and every supported language. A county with
/// a single area joins it at once, as before areas. Each area button names its area by slug, so it joins exactly
/// that area, like a deep link.
/// </summary>
public sealed class AreaPicker(AreaStore areas, CountyDirectory counties)
{
    public const string JoinPrefix = "join:";
    public const string CountyPrefix = "county:";
    public const string LanguagePrefix = "lang:";

    // Telegram refuses a whole keyboard (400 BUTTON_DATA_INVALID) if one button's data is over 64 bytes; an area whose
    // slug is that long is left out of the buttons and joined by deep link or by typing its name or a ZIP instead.
    private const int MaxCallbackBytes = 64;

    /// <summary>"Choose your county or type your ZIP" with one button per county some area lies in, two to a row.</summary>
    public async Task<(string Text, InlineKeyboardMarkup? Keyboard)> CountiesAsync(string language)
    {
        var texts = SubscriberTexts.For(language, ChannelName.Telegram);
        var byCounty = (await areas.AllAsync()).Where(Fits)
            .SelectMany(a => a.Counties.Select(county => (County: county, Area: a)))
            .GroupBy(x => x.County, x => x.Area)
            .ToList();
        if (byCounty.Count == 0)
            return (texts.PickCounty(any: false), null);
        var buttons = new List<InlineKeyboardButton>();
        foreach (var county in byCounty)
        {
            var name = (await counties.FindBySlugAsync(county.Key))?.Name ?? county.Key;
            var data = county.Count() == 1 ? JoinPrefix + county.First().Slug : CountyPrefix + county.Key;
            buttons.Add(InlineKeyboardButton.WithCallbackData(name, data));
        }
        return (texts.PickCounty(any: true), new InlineKeyboardMarkup(buttons.OrderBy(b => b.Text, StringComparer.Ordinal).Chunk(2)));
    }

    /// <summary>
    /// The areas lying in one county, one button to a row: the county-wide ones first, then the larger before the
    /// smaller. Null when the county has none (an old button, or an area removed since): the caller shows the counties.
    /// </summary>
    public async Task<(string Text, InlineKeyboardMarkup Keyboard)?> AreasAsync(string countySlug, string language)
    {
        if (await counties.FindBySlugAsync(countySlug) is not { } county)
            return null;
        var inCounty = (await areas.AllAsync()).Where(a => a.Counties.Contains(county.Slug) && Fits(a))
            .OrderByDescending(a => a.WholeCounty is not null).ThenByDescending(a => a.ZipCount).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        if (inCounty.Count == 0)
            return null;
        // The network's name tells two "Santa Cruz" areas apart; with one network it would only be noise.
        var networks = inCounty.Select(a => a.NetworkId).Distinct().Count();
        var rows = inCounty.Select(a => new[]
        {
            InlineKeyboardButton.WithCallbackData(networks > 1 ? $"{a.Name} · {a.NetworkName}" : a.Name, JoinPrefix + a.Slug),
        });
        return (SubscriberTexts.For(language, ChannelName.Telegram).PickArea(county.Name), new InlineKeyboardMarkup(rows));
    }

    /// <summary>One button per language, named in that language, three to a row.</summary>
    public static InlineKeyboardMarkup Languages() => new(Language.Supported
        .Select(code => InlineKeyboardButton.WithCallbackData(Catalog.For(code).Name, LanguagePrefix + code))
        .Chunk(3));

    private static bool Fits(Area area) => Encoding.UTF8.GetByteCount(JoinPrefix + area.Slug) <= MaxCallbackBytes;
}
