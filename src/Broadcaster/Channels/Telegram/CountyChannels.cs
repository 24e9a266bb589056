using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// A network may have a Telegram channel per county (network_counties.telegram_channel_chat_id): one post
/// there reaches every member, who need not subscribe to the bot. A channel chat id is public, not a person's address.
/// </summary>
public sealed class CountyChannels(NpgsqlDataSource db, CountyDirectory counties)
{
    private const string Update = """
        UPDATE network_counties nc SET telegram_channel_chat_id = @chatId
        FROM networks n
        WHERE n.id = nc.network_id AND n.slug = @network AND nc.county_slug = @county
        """;

    /// <summary>Sets (or with null clears) the channel of a county the network serves.</summary>
    public async Task SetAsync(string network, string countyText, long? chatId)
    {
        var county = await counties.ResolveAsync(countyText)
            ?? throw new CommandException($"unknown county '{countyText}' (use a slug such as los-angeles or san-diego)");
        if (chatId is >= 0)
            throw new CommandException("--chat-id must be the channel's negative chat id, such as -1001234567890");
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.ExecuteAsync(Update, new { chatId, network, county = county.Slug }) == 0)
            throw new CommandException($"network '{network}' does not serve county '{county.Slug}'");
    }
}
