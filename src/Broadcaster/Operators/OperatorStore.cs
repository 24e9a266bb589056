using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Dapper;
using Npgsql;

namespace Broadcaster.Operators;

public sealed record Operator(long Id, string Name);

/// <summary>Operators run the deployment (jobs dashboard, metrics). Their keys are shown once and stored as SHA-256.</summary>
public sealed class OperatorStore(NpgsqlDataSource db)
{
    private const string Prefix = "op_";

    private const string Insert = "INSERT INTO operators (name, api_key_hash) VALUES (@name, @hash) RETURNING id";

    public async Task<(Operator Operator, string Key)> AddAsync(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CommandException("operator name must not be empty");
        // A distinct prefix tells an operator key from a coordinator key at a glance (and in a leaked paste).
        var key = Prefix + ApiKeys.New()["bk_".Length..];
        await using var conn = await db.OpenConnectionAsync();
        var id = await conn.QuerySingleAsync<long>(Insert, new { name = name.Trim(), hash = ApiKeys.Hash(key) });
        return (new Operator(id, name.Trim()), key);
    }

    private const string SelectByHash = "SELECT id, name, api_key_hash FROM operators WHERE api_key_hash = @hash AND active";

    public async Task<Operator?> FindByKeyAsync(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        await using var conn = await db.OpenConnectionAsync();
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Name, byte[] Hash)?>(SelectByHash, new { hash = ApiKeys.Hash(key) });
        return row is { } r && ApiKeys.Matches(key, r.Hash) ? new Operator(r.Id, r.Name) : null;
    }
}
