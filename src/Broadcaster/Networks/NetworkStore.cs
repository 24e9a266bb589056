using System.Text.RegularExpressions;
using Broadcaster.Counties;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Networks;

/// <summary>A network's SMS sender as an operator gives it: its own number or Messaging Service, or the default.</summary>
public sealed record SmsSender(string? From, string? Service, double? Rate)
{
    public static readonly SmsSender Default = new(null, null, null);
}

public sealed partial class NetworkStore(NpgsqlDataSource db, CountyDirectory counties, AreaStore areas)
{
    private const string Columns =
        "n.id, n.slug, n.name, n.hotline, n.sms_from, n.sms_service, n.sms_rate, n.fallback_language, n.time_zone";

    private const string InsertNetwork = """
        INSERT INTO networks (slug, name, hotline, sms_from, sms_service, sms_rate)
        VALUES (@slug, @name, @hotline, @from, @service, @rate)
        ON CONFLICT (slug) DO NOTHING
        RETURNING id
        """;

    /// <summary>
    /// Creates a network, and for each county one area of the whole county named after it (slug: the county's slug when
    /// no area has it yet, else &lt;network&gt;-&lt;county&gt;). A bad slug, unknown county or duplicate network writes nothing.
    /// </summary>
    public async Task<Network> AddAsync(string slug, string name, IReadOnlyList<string> countySlugs, string? hotline, SmsSender? sender = null)
    {
        if (!SlugPattern().IsMatch(slug))
            throw new CommandException($"network slug '{slug}' must be lower-case letters, digits and dashes");
        if (string.IsNullOrWhiteSpace(name))
            throw new CommandException("network name must not be empty");
        var countyAreas = new List<(string Slug, string Name, AreaShape Shape)>();
        foreach (var countySlug in countySlugs.Distinct())
        {
            var county = await counties.FindBySlugAsync(countySlug)
                ?? throw new CommandException($"unknown county '{countySlug}' (use a slug such as los-angeles or san-diego)");
            countyAreas.Add((county.Slug, county.Name + " County", await areas.ShapeAsync([county.Slug], [])));
        }
        string? normalizedHotline = null;
        if (hotline is not null && !PhoneNumber.TryNormalize(hotline, out normalizedHotline))
            throw new CommandException($"hotline '{hotline}' is not a valid phone number");
        var s = Validate(sender ?? SmsSender.Default);

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await EnsureSenderFreeAsync(conn, tx, s, null);
        var args = new { slug, name = name.Trim(), hotline = normalizedHotline, from = s.From, service = s.Service, rate = s.Rate };
        var id = await conn.QuerySingleOrDefaultAsync<long?>(InsertNetwork, args, tx)
            ?? throw new CommandException($"a network with slug '{slug}' already exists");
        foreach (var (county, areaName, shape) in countyAreas)
        {
            var areaSlug = await AreaStore.SlugFreeAsync(conn, tx, county) ? county : $"{slug}-{county}";
            await AreaStore.InsertAsync(conn, tx, id, areaSlug, areaName, shape);
        }
        await tx.CommitAsync();
        return new Network(id, slug, name.Trim(), normalizedHotline, s.From, s.Service, s.Rate, Language.English, Network.DefaultTimeZone);
    }

    private const string UpdateSender = """
        UPDATE networks SET sms_from = @from, sms_service = @service, sms_rate = @rate WHERE slug = @slug
        """;

    /// <summary>Gives a network its own sender, or (<see cref="SmsSender.Default"/>) returns it to the default one.</summary>
    public async Task<Network> SetSmsSenderAsync(string slug, SmsSender sender)
    {
        var s = Validate(sender);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var network = await conn.QuerySingleOrDefaultAsync<Network>(SelectBySlug, new { slug }, tx)
            ?? throw new CommandException($"there is no network '{slug}' (see network list)");
        await EnsureSenderFreeAsync(conn, tx, s, network.Id);
        await conn.ExecuteAsync(UpdateSender, new { slug, from = s.From, service = s.Service, rate = s.Rate }, tx);
        await tx.CommitAsync();
        return network with { SmsFrom = s.From, SmsService = s.Service, SmsRate = s.Rate };
    }

    /// <summary>The language subscribers get when an alert has no text in theirs.</summary>
    public async Task<Network> SetFallbackLanguageAsync(string slug, string language)
    {
        var code = Language.Parse(language) ?? throw new CommandException(
            $"'{language}' is not a supported language (use one of {string.Join(", ", Language.Supported)})");
        await using var conn = await db.OpenConnectionAsync();
        var network = await conn.QuerySingleOrDefaultAsync<Network>(SelectBySlug, new { slug })
            ?? throw new CommandException($"there is no network '{slug}' (see network list)");
        await conn.ExecuteAsync("UPDATE networks SET fallback_language = @code WHERE id = @id", new { code, id = network.Id });
        return network with { FallbackLanguage = code };
    }

    /// <summary>The zone (IANA id, e.g. America/Los_Angeles) the console shows the network's times in.</summary>
    public async Task<Network> SetTimeZoneAsync(string slug, string zone)
    {
        if (!Network.TryFindZone(zone, out var found))
            throw new CommandException($"'{zone}' is not a time zone this machine knows (use an IANA id such as America/Los_Angeles)");
        await using var conn = await db.OpenConnectionAsync();
        var network = await conn.QuerySingleOrDefaultAsync<Network>(SelectBySlug, new { slug })
            ?? throw new CommandException($"there is no network '{slug}' (see network list)");
        await conn.ExecuteAsync("UPDATE networks SET time_zone = @zone WHERE id = @id", new { zone = found.Id, id = network.Id });
        return network with { TimeZone = found.Id };
    }

    private static SmsSender Validate(SmsSender s)
    {
        if (s.From is not null && s.Service is not null)
            throw new CommandException("give either --sms-from or --sms-service, not both");
        if (s.Rate is <= 0 or double.NaN)
            throw new CommandException("--sms-rate must be a number of segments per second greater than 0");
        if (s.Rate is not null && s.From is null && s.Service is null)
            throw new CommandException("--sms-rate needs the network's own sender (--sms-from or --sms-service): the default sender has Twilio:MessagesPerSecond");
        string? from = null;
        if (s.From is not null && !PhoneNumber.TryNormalize(s.From, out from))
            throw new CommandException($"SMS sender '{s.From}' is not a valid phone number (use E.164, e.g. +17075550100)");
        if (s.Service is not null && !ServicePattern().IsMatch(s.Service))
            throw new CommandException($"'{s.Service}' is not a Messaging Service SID (MG followed by 32 hex digits)");
        return s with { From = from };
    }

    private const string SelectSenderOwner = """
        SELECT slug FROM networks
        WHERE ((sms_from = @from) OR (sms_service = @service)) AND (@id::bigint IS NULL OR id <> @id)
        """;

    private static async Task EnsureSenderFreeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, SmsSender s, long? id)
    {
        if (s.From is null && s.Service is null)
            return;
        if (await conn.QueryFirstOrDefaultAsync<string>(SelectSenderOwner, new { from = s.From, service = s.Service, id }, tx) is { } owner)
            throw new CommandException($"network '{owner}' already sends from {s.From ?? s.Service}: a sender belongs to one network");
    }

    private const string SelectBySlug = "SELECT " + Columns + " FROM networks n WHERE n.slug = @slug";

    public async Task<Network?> FindBySlugAsync(string slug)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Network>(SelectBySlug, new { slug });
    }

    private const string SelectById = "SELECT " + Columns + " FROM networks n WHERE n.id = @id";

    public async Task<Network?> FindAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Network>(SelectById, new { id });
    }

    private const string SelectBySender =
        "SELECT " + Columns + " FROM networks n WHERE n.sms_from = @to OR n.sms_service = @service LIMIT 1";

    /// <summary>The network whose own sender received an inbound SMS (by To, or the Messaging Service), else null (the default number).</summary>
    public async Task<Network?> ForInboundAsync(string? to, string? service)
    {
        if (string.IsNullOrEmpty(to) && string.IsNullOrEmpty(service))
            return null;
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QueryFirstOrDefaultAsync<Network>(SelectBySender, new { to, service });
    }

    private const string SelectAll = "SELECT " + Columns + " FROM networks n ORDER BY n.slug";
    private const string SelectAllAreas = "SELECT network_id, slug FROM areas WHERE removed_at IS NULL ORDER BY slug";

    /// <summary>Every network with its area slugs, for operators.</summary>
    public async Task<IReadOnlyList<(Network Network, string[] Areas)>> ListAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var networks = await conn.QueryAsync<Network>(SelectAll);
        var areaSlugs = (await conn.QueryAsync<(long NetworkId, string Slug)>(SelectAllAreas)).ToLookup(c => c.NetworkId, c => c.Slug);
        return networks.Select(n => (n, areaSlugs[n.Id].ToArray())).ToList();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex ServicePattern();
}
