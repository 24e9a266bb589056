using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>The buttons Telegram users tap instead of typing: served counties, and the two languages.</summary>
public sealed class CountyPicker(NpgsqlDataSource db)
{
    public const string JoinPrefix = "join:";
    public const string LanguagePrefix = "lang:";

    private const string SelectServed = """
        SELECT c.slug, c.name FROM network_counties nc JOIN counties c ON c.slug = nc.county_slug ORDER BY c.name
        """;

    /// <summary>"Choose your county or type your ZIP" with one button per county a network serves, two to a row.</summary>
    public async Task<(string Text, InlineKeyboardMarkup? Keyboard)> CountiesAsync(string language)
    {
        await using var conn = await db.OpenConnectionAsync();
        var served = (await conn.QueryAsync<(string Slug, string Name)>(SelectServed)).ToList();
        if (served.Count == 0)
            return (language == Language.Spanish
                ? "Todavía no hay alertas en ningún condado. Vuelva a intentarlo más tarde."
                : "No county has alerts yet. Please try again later.", null);
        var text = language == Language.Spanish
            ? "Elija su condado para recibir alertas verificadas, o escriba su código postal (ZIP)."
            : "Choose your county for verified alerts, or type your ZIP code.";
        var rows = served.Chunk(2).Select(row => row.Select(c => InlineKeyboardButton.WithCallbackData(c.Name, JoinPrefix + c.Slug)));
        return (text, new InlineKeyboardMarkup(rows));
    }

    public static InlineKeyboardMarkup Languages() => new(new[]
    {
        InlineKeyboardButton.WithCallbackData("English", LanguagePrefix + Language.English),
        InlineKeyboardButton.WithCallbackData("Español", LanguagePrefix + Language.Spanish),
    });
}
