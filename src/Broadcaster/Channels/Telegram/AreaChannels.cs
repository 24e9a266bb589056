using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// A network may have a Telegram channel per area (areas.telegram_channel_chat_id): one post there reaches every
/// member, who need not subscribe to the bot. A channel chat id is public, not a person's address.
/// </summary>
public sealed class AreaChannels(AreaStore areas, CountyDirectory counties)
{
    /// <summary>Sets (or with null clears) the channel of one of the network's areas, named by its slug or by the county it is.</summary>
    public async Task SetAsync(string network, string areaText, long? chatId)
    {
        var mine = (await areas.AllAsync()).Where(a => a.NetworkSlug == network).ToList();
        var slug = areaText.Trim().ToLowerInvariant();
        var area = mine.FirstOrDefault(a => a.Slug == slug);
        if (area is null)
        {
            var county = await counties.ResolveAsync(areaText)
                ?? throw new CommandException($"unknown county '{areaText}' (give a county slug, or --area with an area slug: see network areas)");
            area = mine.FirstOrDefault(a => a.WholeCounty == county.Slug)
                ?? throw new CommandException($"network '{network}' does not serve county '{county.Slug}'");
        }
        await areas.SetTelegramChannelAsync(network, area.Slug, chatId);
    }
}
