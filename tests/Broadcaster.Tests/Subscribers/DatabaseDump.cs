using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Subscribers;

/// <summary>Every row of every table (ours and Hangfire's) as JSON text: what an attacker with a database copy would read.</summary>
public static class DatabaseDump
{
    private const string Tables = """
        SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
        WHERE table_schema IN ('public', 'hangfire') AND table_type = 'BASE TABLE'
        ORDER BY 1
        """;

    public static async Task<string> AllAsync(TestDatabase db) => await DumpAsync(db, await db.QueryAsync<string>(Tables));

    public static Task<string> SubscriberTablesAsync(TestDatabase db) => DumpAsync(db, ["public.subscribers", "public.subscriptions"]);

    private static async Task<string> DumpAsync(TestDatabase db, IEnumerable<string> tables)
    {
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            // Table names come from the catalogue (quoted by format %I), never from input.
            var rows = await db.QueryAsync<string>($"SELECT row_to_json(t)::text FROM {table} t");
            dump.AppendLine(table).AppendJoin('\n', rows).AppendLine();
        }
        return dump.ToString();
    }
}
