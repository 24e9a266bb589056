using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class MigratorTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryScriptOnceAndLoadsReferenceData()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);

        var first = await db.MigrateAsync();
        var second = await db.MigrateAsync();

        Assert.Equal(Broadcaster.Infrastructure.Migrator.Scripts().Select(s => s.Name), first);
        Assert.Empty(second);
        Assert.Equal(58, await db.ScalarAsync<long>("SELECT count(*) FROM counties"));
        Assert.Equal(1763, await db.ScalarAsync<long>("SELECT count(*) FROM zip_counties"));
        Assert.Equal(first.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_FourConcurrentRuns_ApplyEachScriptExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(db.MigrateAsync)));

        Assert.Single(runs, r => r.Count > 0);
        Assert.Equal(Broadcaster.Infrastructure.Migrator.Scripts().Count(), runs.Sum(r => r.Count));
        Assert.Equal(58, await db.ScalarAsync<long>("SELECT count(*) FROM counties"));
    }
}
