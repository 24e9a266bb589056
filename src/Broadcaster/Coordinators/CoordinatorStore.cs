using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Coordinators;

/// <summary>A coordinator's address on one channel, revealed only to send them a message.</summary>
public sealed record CoordinatorContact(long Id, string Name, string? Phone, long? TelegramUserId);

public sealed partial class CoordinatorStore(NpgsqlDataSource db, NetworkStore networks, AddressProtector protector)
{
    // Every team change writes its audit row in the statement that makes it: no change can go unlogged.
    private const string Insert = """
        WITH added AS (
            INSERT INTO coordinators (network_id, name, phone_index, phone_cipher, phone_key_id, telegram_user_id, api_key_hash, is_admin)
            VALUES (@networkId, @name, @phoneIndex, @phoneCipher, @phoneKeyId, @telegramUserId, @hash, @isAdmin)
            ON CONFLICT DO NOTHING
            RETURNING id, network_id, name, is_admin),
        logged AS (
            INSERT INTO audit_log (network_id, coordinator_id, action, detail)
            SELECT network_id, @actorId, 'added coordinator', jsonb_build_object('coordinator', id, 'name', name, 'admin', is_admin, 'via', @via::text)
            FROM added)
        SELECT id FROM added
        """;

    /// <summary>
    /// Registers a coordinator and returns the new API key: shown once (to an operator; a console admin sends it to
    /// the coordinator, see <see cref="TeamChanges"/>), stored only as a hash. Audited as done <paramref name="by"/>
    /// (default: an operator).
    /// </summary>
    public async Task<(Coordinator Coordinator, string ApiKey)> AddAsync(
        string networkSlug, string name, string? phone, long? telegramUserId, bool isAdmin = false, TeamActor? by = null)
    {
        by ??= TeamActor.Operator;
        var network = await networks.FindBySlugAsync(networkSlug)
            ?? throw new CommandException($"unknown network '{networkSlug}'");
        if (string.IsNullOrWhiteSpace(name))
            throw new CommandException("coordinator name must not be empty");
        ProtectedAddress? protectedPhone = null;
        if (phone is not null)
        {
            if (!PhoneNumber.TryNormalize(phone, out var e164))
                throw new CommandException($"'{Mask.Address(phone)}' is not a valid phone number");
            protectedPhone = protector.Protect("sms", e164);
        }
        if (telegramUserId is <= 0)
            throw new CommandException("--telegram-user-id must be a positive number");

        var key = ApiKeys.New();
        await using var conn = await db.OpenConnectionAsync();
        var id = await conn.QuerySingleOrDefaultAsync<long?>(Insert, new
        {
            networkId = network.Id,
            name = name.Trim(),
            phoneIndex = protectedPhone?.Index,
            phoneCipher = protectedPhone?.Cipher,
            phoneKeyId = protectedPhone?.KeyId,
            telegramUserId,
            hash = ApiKeys.Hash(key),
            isAdmin,
            actorId = by.CoordinatorId,
            via = by.Via,
        }) ?? throw new CommandException("that phone number or Telegram user id already belongs to a coordinator");
        return (new Coordinator(id, network.Id, name.Trim(), telegramUserId, isAdmin), key);
    }

    private const string SelectByHash = """
        SELECT id, network_id, name, telegram_user_id, is_admin, api_key_hash
        FROM coordinators WHERE api_key_hash = @hash AND active
        """;

    public async Task<Coordinator?> FindByApiKeyAsync(string apiKey)
    {
        await using var conn = await db.OpenConnectionAsync();
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, long NetworkId, string Name, long? TelegramUserId, bool IsAdmin, byte[] Hash)?>(
            SelectByHash, new { hash = ApiKeys.Hash(apiKey) });
        return row is { } r && ApiKeys.Matches(apiKey, r.Hash) ? new Coordinator(r.Id, r.NetworkId, r.Name, r.TelegramUserId, r.IsAdmin) : null;
    }

    private const string SelectByPhone = "SELECT id, network_id, name, telegram_user_id, is_admin FROM coordinators WHERE phone_index = @index AND active";

    /// <summary>The coordinator registered with this E.164 number, if any.</summary>
    public async Task<Coordinator?> FindByPhoneAsync(string e164)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Coordinator>(SelectByPhone, new { index = protector.BlindIndex("sms", e164) });
    }

    private const string SelectByTelegram = "SELECT id, network_id, name, telegram_user_id, is_admin FROM coordinators WHERE telegram_user_id = @userId AND active";

    public async Task<Coordinator?> FindByTelegramUserAsync(long userId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Coordinator>(SelectByTelegram, new { userId });
    }

    private const string SelectById = "SELECT id, network_id, name, telegram_user_id, is_admin FROM coordinators WHERE id = @id";

    public async Task<Coordinator?> FindAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Coordinator>(SelectById, new { id });
    }

    private const string SelectReachable = """
        SELECT id, 'sms' AS channel FROM coordinators WHERE network_id = @networkId AND active AND phone_cipher IS NOT NULL
        UNION ALL
        SELECT id, 'telegram' FROM coordinators WHERE network_id = @networkId AND active AND telegram_user_id IS NOT NULL
        ORDER BY id, channel
        """;

    /// <summary>Each active coordinator of a network with each channel they can be reached on; no addresses.</summary>
    public async Task<IReadOnlyList<(long Id, string Channel)>> ReachableAsync(long networkId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<(long, string)>(SelectReachable, new { networkId })).ToList();
    }

    private const string SelectContact = """
        SELECT id, name, phone_cipher, phone_key_id, telegram_user_id
        FROM coordinators WHERE id = @id AND network_id = @networkId AND active
        """;

    /// <summary>One active coordinator of a network with their addresses, to send them one message.</summary>
    public async Task<CoordinatorContact?> ContactAsync(long networkId, long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Name, byte[]? Cipher, int? KeyId, long? TelegramUserId)?>(SelectContact, new { networkId, id });
        return row is { } r ? new CoordinatorContact(r.Id, r.Name, r.Cipher is null ? null : protector.Reveal(r.Cipher, r.KeyId!.Value), r.TelegramUserId) : null;
    }
}
