using Broadcaster.Channels;
using Broadcaster.Infrastructure;
using Broadcaster.Subscribers;
using Dapper;
using Npgsql;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>The buttons Telegram users tap instead of typing: served counties, and every supported language.</summary>
public sealed class CountyPicker(NpgsqlDataSource db)
{
    public const string JoinPrefix = "join:";
    public const string LanguagePrefix = "lang:";

    // The counties some area lies in; a county button joins as JOIN <county> does (its area, or a choice of areas).
    private const string SelectServed = """
        SELECT DISTINCT c.slug, c.name FROM areas a JOIN counties c ON c.slug = ANY (a.in_counties)
        WHERE a.removed_at IS NULL ORDER BY c.name
        """;

    /// <summary>"Choose your county or type your ZIP" with one button per county a network serves, two to a row.</summary>
    public async Task<(string Text, InlineKeyboardMarkup? Keyboard)> CountiesAsync(string language)
    {
        await using var conn = await db.OpenConnectionAsync();
        var served = (await conn.QueryAsync<(string Slug, string Name)>(SelectServed)).ToList();
        var texts = SubscriberTexts.For(language, ChannelName.Telegram);
        if (served.Count == 0)
            return (texts.PickCounty(any: false), null);
        var rows = served.Chunk(2).Select(row => row.Select(c => InlineKeyboardButton.WithCallbackData(c.Name, JoinPrefix + c.Slug)));
        return (texts.PickCounty(any: true), new InlineKeyboardMarkup(rows));
    }

    /// <summary>One button per language, named in that language, three to a row.</summary>
    public static InlineKeyboardMarkup Languages() => new(Language.Supported
        .Select(code => InlineKeyboardButton.WithCallbackData(Catalog.For(code).Name, LanguagePrefix + code))
        .Chunk(3));
}
