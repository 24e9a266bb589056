using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Networks;

/// <summary>An area as an operator gives it, resolved to its ZIP set and the counties it lies in.</summary>
internal sealed record AreaShape(string[] Counties, string[] GivenZips, string[] Zips, string[] InCounties, string? WholeCounty);

// The operator's writes: add, change the ZIP codes, remove (refused while anyone is subscribed), Telegram channel.
public sealed partial class AreaStore
{
    /// <summary>Adds an area to a network; a bad slug or name, a taken slug, an unknown county or ZIP writes nothing.</summary>
    public async Task<Area> AddAsync(string networkSlug, string slug, string name, IReadOnlyList<string> countySlugs, IReadOnlyList<string> zips)
    {
        var shape = await ShapeAsync(countySlugs, zips);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var networkId = await conn.QuerySingleOrDefaultAsync<long?>("SELECT id FROM networks WHERE slug = @networkSlug", new { networkSlug }, tx)
            ?? throw new CommandException($"there is no network '{networkSlug}' (see network list)");
        await InsertAsync(conn, tx, networkId, slug, name, shape);
        await tx.CommitAsync();
        return await FindBySlugAsync(slug) ?? throw new InvalidOperationException("the area just added is gone");
    }

    /// <summary>Checks and resolves what an operator gave: known county slugs, five-digit California ZIP codes, at least one.</summary>
    internal async Task<AreaShape> ShapeAsync(IReadOnlyList<string> countySlugs, IReadOnlyList<string> zips)
    {
        if (countySlugs.Count == 0 && zips.Count == 0)
            throw new CommandException("an area needs --counties, --zips or both");
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var county in countySlugs)
        {
            if (await counties.FindBySlugAsync(county) is null)
                throw new CommandException($"unknown county '{county}' (use a slug such as los-angeles or san-diego)");
            all.UnionWith(await counties.ZipsOfAsync(county));
        }
        foreach (var zip in zips)
        {
            if (zip.Length != 5 || !zip.All(char.IsAsciiDigit))
                throw new CommandException($"'{zip}' is not a five-digit ZIP code");
            if (await counties.CountyOfZipAsync(zip) is null)
                throw new CommandException($"ZIP code {zip} is not in the California ZIP reference data");
            all.Add(zip);
        }
        var inCounties = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var zip in all)
            inCounties.Add((await counties.CountyOfZipAsync(zip))!);
        string? whole = null;
        if (inCounties.Count == 1 && (await counties.ZipsOfAsync(inCounties.Min!)).Count == all.Count)
            whole = inCounties.Min;
        return new AreaShape([.. countySlugs.Distinct()], [.. zips.Distinct().Order(StringComparer.Ordinal)], [.. all], [.. inCounties], whole);
    }

    private const string Insert = """
        INSERT INTO areas (network_id, slug, name, counties, given_zips, zips, in_counties, whole_county)
        SELECT @networkId, @slug, @name, @counties, @givenZips, @zips, @inCounties, @wholeCounty
        WHERE NOT EXISTS (SELECT 1 FROM areas WHERE slug = @slug AND removed_at IS NULL)
        RETURNING id
        """;

    internal static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long networkId, string slug, string name, AreaShape shape)
    {
        if (!SlugPattern().IsMatch(slug))
            throw new CommandException($"area slug '{slug}' must be lower-case letters, digits and dashes");
        if (string.IsNullOrWhiteSpace(name))
            throw new CommandException("area name must not be empty");
        var args = new
        {
            networkId, slug, name = name.Trim(), counties = shape.Counties, givenZips = shape.GivenZips, zips = shape.Zips,
            inCounties = shape.InCounties, wholeCounty = shape.WholeCounty,
        };
        // The unique index settles a race with another add of the same slug (a 23505 then, not a silent duplicate).
        return await conn.QuerySingleOrDefaultAsync<long?>(Insert, args, tx) ?? throw new CommandException(
            $"the area slug '{slug}' is taken (slugs are unique across networks: pick another, e.g. <network>-{slug})");
    }

    internal static Task<bool> SlugFreeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug) =>
        conn.ExecuteScalarAsync<bool>("SELECT NOT EXISTS (SELECT 1 FROM areas WHERE slug = @slug AND removed_at IS NULL)", new { slug }, tx);

    private const string UpdateZips = """
        UPDATE areas SET given_zips = @givenZips, zips = @zips, in_counties = @inCounties, whole_county = @wholeCounty
        WHERE id = @id
        """;

    /// <summary>Replaces an area's own ZIP codes (its whole counties stay); subscribers keep it as their home.</summary>
    public async Task<Area> SetZipsAsync(string slug, IReadOnlyList<string> zips)
    {
        var area = await FindBySlugAsync(slug) ?? throw new CommandException($"there is no area '{slug}' (see network areas)");
        var shape = await ShapeAsync(area.GivenCounties, zips);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(UpdateZips, new
        {
            id = area.Id, givenZips = shape.GivenZips, zips = shape.Zips, inCounties = shape.InCounties, wholeCounty = shape.WholeCounty,
        });
        return (await FindBySlugAsync(slug))!;
    }

    // Locks the area, so a JOIN committing meanwhile either comes first (and the removal is refused) or finds it gone.
    private const string Remove = """
        WITH target AS (SELECT id FROM areas WHERE slug = @slug AND removed_at IS NULL FOR UPDATE)
        UPDATE areas a SET removed_at = @now
        FROM target t
        WHERE a.id = t.id AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.area_id = t.id AND s.status <> 'offered')
        RETURNING a.id
        """;

    /// <summary>Removes an area nobody is subscribed to (pending joins count; a menu still offering it no longer joins it).</summary>
    public async Task RemoveAsync(string slug, DateTimeOffset now)
    {
        var area = await FindBySlugAsync(slug) ?? throw new CommandException($"there is no area '{slug}' (see network areas)");
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.QuerySingleOrDefaultAsync<long?>(Remove, new { slug = area.Slug, now }) is null)
            throw new CommandException($"area '{area.Slug}' still has subscribers: it can be removed once nobody is subscribed to it");
    }

    private const string UpdateChannel = """
        UPDATE areas a SET telegram_channel_chat_id = @chatId
        FROM networks n
        WHERE n.id = a.network_id AND n.slug = @network AND a.slug = @area AND a.removed_at IS NULL
        """;

    /// <summary>Sets (or with null clears) the Telegram channel an area's alerts are also posted to.</summary>
    public async Task SetTelegramChannelAsync(string network, string area, long? chatId)
    {
        if (chatId is >= 0)
            throw new CommandException("--chat-id must be the channel's negative chat id, such as -1001234567890");
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.ExecuteAsync(UpdateChannel, new { chatId, network, area }) == 0)
            throw new CommandException($"network '{network}' has no area '{area}'");
    }
}
