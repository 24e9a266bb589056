using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Subscribers;

/// <summary>One subscriber row, locked (FOR UPDATE) for one transaction. Nothing is kept unless <see cref="CommitAsync"/> runs.</summary>
public sealed class SubscriberSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;
    private readonly NpgsqlTransaction _tx;
    private readonly AddressProtector _protector;
    private readonly string? _channel;
    private readonly string? _address;
    private readonly byte[]? _index;

    internal SubscriberSession(NpgsqlConnection conn, NpgsqlTransaction tx, AddressProtector protector,
        string? channel, string? address, byte[]? index, Subscriber? subscriber)
    {
        _conn = conn;
        _tx = tx;
        _protector = protector;
        _channel = channel;
        _address = address;
        _index = index;
        Subscriber = subscriber;
    }

    /// <summary>The row, or null when this address has never written (or its lapsed join was erased).</summary>
    public Subscriber? Subscriber { get; private set; }

    // Menu choices ('offered') are not subscriptions yet: see OffersAsync.
    private const string SelectSubscriptions = """
        SELECT a.id AS area_id, a.slug AS area_slug, a.name AS area_name, c.name AS county_name, s.status,
               n.id AS network_id, n.name AS network_name, n.hotline
        FROM subscriptions s
        JOIN areas a ON a.id = s.area_id
        JOIN networks n ON n.id = a.network_id
        LEFT JOIN counties c ON c.slug = a.whole_county
        WHERE s.subscriber_id = @id AND s.status <> 'offered'
        ORDER BY COALESCE(c.name, a.name), a.id
        """;

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync() => Subscriber is null
        ? []
        : (await _conn.QueryAsync<Subscription>(SelectSubscriptions, new { id = Subscriber.Id }, _tx)).ToList();

    private const string SelectOffers = """
        SELECT s.choice, a.id AS area_id, a.name AS area_name, n.name AS network_name
        FROM subscriptions s JOIN areas a ON a.id = s.area_id JOIN networks n ON n.id = a.network_id
        WHERE s.subscriber_id = @id AND s.status = 'offered' AND s.created_at >= @cutoff AND a.removed_at IS NULL
        ORDER BY s.choice
        """;

    /// <summary>The choices of the menu this address was last sent, unless older than <paramref name="cutoff"/>.</summary>
    public async Task<IReadOnlyList<Offer>> OffersAsync(DateTimeOffset cutoff) => Subscriber is null
        ? []
        : (await _conn.QueryAsync<Offer>(SelectOffers, new { id = Subscriber.Id, cutoff }, _tx)).ToList();

    private const string InsertOffer = """
        INSERT INTO subscriptions (subscriber_id, area_id, status, choice, created_at) VALUES (@id, @areaId, 'offered', @choice, @now)
        ON CONFLICT (subscriber_id, area_id) DO NOTHING
        """;

    /// <summary>Records one menu choice: the area only, never the place typed to get the menu.</summary>
    public Task OfferAsync(long areaId, int choice, DateTimeOffset now) =>
        _conn.ExecuteAsync(InsertOffer, new { id = Required.Id, areaId, choice, now }, _tx);

    public Task ClearOffersAsync() =>
        _conn.ExecuteAsync("DELETE FROM subscriptions WHERE subscriber_id = @id AND status = 'offered'", new { id = Required.Id }, _tx);

    private const string Insert = """
        INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status, created_at, updated_at)
        VALUES (@channel, @index, @cipher, @keyId, @language, @status, @now, @now)
        ON CONFLICT (channel, address_index) DO NOTHING
        RETURNING id
        """;

    private const string Reopen = """
        UPDATE subscribers
        SET address_cipher = @cipher, address_key_id = @keyId, language = @language, status = @status, updated_at = @now
        WHERE id = @id
        """;

    /// <summary>
    /// Stores the address (encrypted, with its blind index) as a new pending or active subscriber, or reopens a
    /// stopped row. <paramref name="status"/> 'stopped' records an opt-out with the blind index only.
    /// </summary>
    public async Task StartAsync(string status, string language, DateTimeOffset now)
    {
        if (_channel is null || _address is null || _index is null)
            throw new InvalidOperationException("a session opened by id cannot store an address");
        var stored = status == SubscriberStatus.Stopped ? null : _protector.Protect(_channel, _address);
        var args = new { id = Subscriber?.Id, channel = _channel, index = _index, cipher = stored?.Cipher, keyId = stored?.KeyId, language, status, now };
        if (Subscriber is not null)
        {
            await _conn.ExecuteAsync(Reopen, args, _tx);
            Subscriber = Subscriber with { Status = status, Language = language };
            return;
        }
        // Another message from this address may have created the row since we looked: lock that one and overwrite it.
        var id = await _conn.QuerySingleOrDefaultAsync<long?>(Insert, args, _tx);
        if (id is null)
        {
            id = await _conn.QuerySingleAsync<long>(
                "SELECT id FROM subscribers WHERE channel = @channel AND address_index = @index FOR UPDATE", args, _tx);
            await _conn.ExecuteAsync(Reopen, args with { id = id }, _tx);
        }
        Subscriber = new Subscriber(id.Value, status, language);
    }

    // An active subscription stays active (a pending JOIN of an area one already has changes nothing but the clock).
    private const string Subscribe = """
        INSERT INTO subscriptions (subscriber_id, area_id, status, created_at)
        VALUES (@id, @areaId, @status, @now)
        ON CONFLICT (subscriber_id, area_id) DO UPDATE
        SET created_at = EXCLUDED.created_at,
            status = CASE WHEN subscriptions.status = 'active' THEN 'active' ELSE EXCLUDED.status END,
            choice = NULL
        """;

    /// <summary>Adds an area; joining a pending area again restarts its 24 h window.</summary>
    public Task AddSubscriptionAsync(long areaId, string status, DateTimeOffset now) =>
        _conn.ExecuteAsync(Subscribe, new { id = Required.Id, areaId, status, now }, _tx);

    public Task RemoveSubscriptionAsync(long areaId) =>
        _conn.ExecuteAsync("DELETE FROM subscriptions WHERE subscriber_id = @id AND area_id = @areaId", new { id = Required.Id, areaId }, _tx);

    /// <summary>Drops every pending area and menu choice (a lapsed request that a new JOIN replaces).</summary>
    public Task ClearPendingAsync() =>
        _conn.ExecuteAsync("DELETE FROM subscriptions WHERE subscriber_id = @id AND status IN ('pending', 'offered')", new { id = Required.Id }, _tx);

    private const string Activate = """
        UPDATE subscriptions SET status = 'active' WHERE subscriber_id = @id AND status = 'pending';
        UPDATE subscribers SET status = 'active', updated_at = @now WHERE id = @id;
        """;

    public async Task ActivateAsync(DateTimeOffset now)
    {
        await _conn.ExecuteAsync(Activate, new { id = Required.Id, now }, _tx);
        Subscriber = Required with { Status = SubscriberStatus.Active };
    }

    /// <summary>Leaves every area and erases the ciphertext at once; the blind index keeps the opt-out.</summary>
    public async Task StopAsync(DateTimeOffset now)
    {
        await SubscriberStore.StopAsync(_conn, _tx, [Required.Id], now);
        Subscriber = Required with { Status = SubscriberStatus.Stopped, Language = "en" };
    }

    /// <summary>Deletes the row entirely (a lapsed join: nothing of it stays).</summary>
    public async Task DeleteAsync()
    {
        await _conn.ExecuteAsync("DELETE FROM subscribers WHERE id = @id", new { id = Required.Id }, _tx);
        Subscriber = null;
    }

    public async Task SetLanguageAsync(string language, DateTimeOffset now)
    {
        await _conn.ExecuteAsync("UPDATE subscribers SET language = @language, updated_at = @now WHERE id = @id",
            new { id = Required.Id, language, now }, _tx);
        Subscriber = Required with { Language = language };
    }

    private const string SelectLapsed = """
        SELECT NOT EXISTS (
            SELECT 1 FROM subscriptions WHERE subscriber_id = @id AND status IN ('pending', 'offered') AND created_at >= @cutoff)
        """;

    /// <summary>True when the row is pending and its latest JOIN (or menu) is older than <paramref name="cutoff"/>.</summary>
    public async Task<bool> IsLapsedAsync(DateTimeOffset cutoff) =>
        Subscriber?.Status == SubscriberStatus.Pending
        && await _conn.ExecuteScalarAsync<bool>(SelectLapsed, new { id = Subscriber.Id, cutoff }, _tx);

    public Task CommitAsync() => _tx.CommitAsync();

    private Subscriber Required => Subscriber ?? throw new InvalidOperationException("no subscriber row in this session");

    public async ValueTask DisposeAsync()
    {
        await _tx.DisposeAsync();
        await _conn.DisposeAsync();
    }
}
