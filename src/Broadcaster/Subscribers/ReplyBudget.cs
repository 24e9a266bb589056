using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Broadcaster.Privacy;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadcaster.Subscribers;

/// <summary>
/// Replies are a budget, not a right: one number (or Telegram chat) gets at most <see cref="PerHour"/> replies in
/// any hour (JOIN, HELP, unknown texts, menus), so an auto-responder cannot loop with the service at the network's
/// expense; past that it gets no answer. STOP is never refused: it takes effect, and its one confirmation goes out.
/// What the budget admits is charged to its sender's token bucket without waiting (<see cref="Delivery.ReplyLane"/>).
/// </summary>
public sealed class ReplyBudget(NpgsqlDataSource db, AddressProtector protector, TimeProvider time, ILogger<ReplyBudget> log)
{
    public const int PerHour = 10;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Which replies the budget counts: all but an opt-out's confirmation, and a coordinator's command answers.</summary>
    public static bool Counts(SubscriberVerb verb, bool coordinator) => !coordinator && verb != SubscriberVerb.OptOut;

    // One statement, under the row's lock: parallel texts from one number cannot both take the tenth reply.
    private const string Take = """
        INSERT INTO reply_budgets (channel, address_index, sent) VALUES (@channel, @index, ARRAY[@now]::timestamptz[])
        ON CONFLICT (channel, address_index) DO UPDATE
        SET sent = array_append(ARRAY(SELECT t FROM unnest(reply_budgets.sent) t WHERE t > @since ORDER BY t), @now)
        WHERE (SELECT count(*) FROM unnest(reply_budgets.sent) t WHERE t > @since) < @limit
        RETURNING 1
        """;

    /// <summary>Whether a reply may be sent to <paramref name="address"/> now (and, when it counts, that it is counted).</summary>
    public async Task<bool> AdmitAsync(string channel, string address, SubscriberVerb verb, bool coordinator, CancellationToken ct)
    {
        if (Counts(verb, coordinator))
        {
            var now = time.GetUtcNow();
            await using var conn = await db.OpenConnectionAsync(ct);
            var taken = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(Take,
                new { channel, index = protector.BlindIndex(channel, address), now, since = now - Window, limit = PerHour }, cancellationToken: ct));
            if (taken is null)
            {
                log.LogInformation("No reply to {Address}: {PerHour} replies in the last hour", Mask.Address(address), PerHour);
                return false;
            }
        }
        return true;
    }

    private const string Prune = "DELETE FROM reply_budgets WHERE sent[cardinality(sent)] < @since";

    /// <summary>Forgets numbers whose last reply is an hour old (hourly).</summary>
    [Queue(Queues.Default)]
    public async Task PruneAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Prune, new { since = time.GetUtcNow() - Window }, cancellationToken: ct));
    }
}

public static class ReplyBudgetSetup
{
    public static IServiceCollection AddReplyBudget(this IServiceCollection services)
    {
        services.AddSingleton<ReplyBudget>();
        services.AddRecurringJob<ReplyBudget>("reply-budget-prune", b => b.PruneAsync(CancellationToken.None), Cron.Hourly());
        return services;
    }
}
