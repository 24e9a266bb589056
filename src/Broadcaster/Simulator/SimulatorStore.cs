using Broadcaster.Channels;
using Broadcaster.Privacy;
using Dapper;
using Npgsql;

namespace Broadcaster.Simulator;

/// <summary>
/// One line of a simulated phone's thread: "in" was typed on the phone, "out" came from the service. <see cref="Peer"/>
/// is the service number it was texted to or came from: null for the default number, else a network's own number (or
/// Messaging Service).
/// </summary>
public sealed record SimulatorMessage(long Id, string Direction, string Body, DateTimeOffset At, string? Peer = null);

/// <summary>
/// The simulator threads (table simulator_messages), kept in the database because the web process that shows
/// a thread and the worker that sends an alert may be different processes. A thread is found by the number's
/// blind index: the number itself is never stored here.
/// </summary>
public sealed class SimulatorStore(NpgsqlDataSource db, AddressProtector protector, TimeProvider time)
{
    public const int KeptPerThread = 50;
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    // Each write also trims its thread (the statement sees the rows before its own insert, hence keep - 1)
    // and drops whatever is past a day, so no sweeper is needed.
    private const string Insert = """
        WITH added AS (
            INSERT INTO simulator_messages (address_index, direction, body, at, peer) VALUES (@index, @direction, @body, @now, @peer)
        ), trimmed AS (
            DELETE FROM simulator_messages
            WHERE at < @cutoff
               OR (address_index = @index AND id < (
                   SELECT min(id) FROM (SELECT id FROM simulator_messages WHERE address_index = @index ORDER BY id DESC LIMIT @older) k))
        )
        SELECT 1
        """;

    /// <param name="peer">The service number texted or texting: null for the default number.</param>
    public async Task AddAsync(string number, string direction, string body, string? peer = null)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(Insert, new { index = Index(number), direction, body, now, peer, older = KeptPerThread - 1, cutoff = now - KeptFor });
    }

    private const string SelectThread = """
        SELECT id, direction, body, at, peer FROM simulator_messages
        WHERE address_index = @index AND id > @after AND at >= @cutoff
        ORDER BY id
        """;

    /// <summary>The number's thread, oldest first; only messages after <paramref name="after"/> when given.</summary>
    public async Task<IReadOnlyList<SimulatorMessage>> ThreadAsync(string number, long after = 0)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(long Id, string Direction, string Body, DateTime At, string? Peer)>(
            SelectThread, new { index = Index(number), after, cutoff = time.GetUtcNow() - KeptFor });
        return rows.Select(r => new SimulatorMessage(r.Id, r.Direction, r.Body, new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Peer)).ToList();
    }

    public async Task ClearAsync(string number)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("DELETE FROM simulator_messages WHERE address_index = @index", new { index = Index(number) });
    }

    private const string SelectSimulated = "SELECT simulated FROM subscribers WHERE channel = 'sms' AND address_index = @index";

    /// <summary>Whether this number joined through the simulator (its messages then never reach a provider).</summary>
    public async Task<bool> IsSimulatedAsync(string number, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(SelectSimulated, new { index = Index(number) }, cancellationToken: ct)) == true;
    }

    private byte[] Index(string number) => protector.BlindIndex(ChannelName.Sms, number);
}
