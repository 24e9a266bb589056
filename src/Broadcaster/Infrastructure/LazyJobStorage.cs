using Hangfire;
using Hangfire.Logging;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace Broadcaster.Infrastructure;

/// <summary>
/// The dashboard's storage, resolved at its first request rather than when the route is mapped: Hangfire's
/// PostgreSQL storage connects in its constructor (and retries for ~30 s), so a CLI command or a start-up
/// with a bad connection string would otherwise hang before printing its one-line error.
/// </summary>
internal sealed class LazyJobStorage(Func<JobStorage> resolve) : JobStorage
{
    private readonly Lazy<JobStorage> _inner = new(resolve);

    private JobStorage Inner => _inner.Value;

    public override bool LinearizableReads => Inner.LinearizableReads;
    public override IMonitoringApi GetMonitoringApi() => Inner.GetMonitoringApi();
    public override IStorageConnection GetConnection() => Inner.GetConnection();
    public override IStorageConnection GetReadOnlyConnection() => Inner.GetReadOnlyConnection();
    public override IEnumerable<IBackgroundProcess> GetServerRequiredProcesses() => Inner.GetServerRequiredProcesses();
    public override IEnumerable<IBackgroundProcess> GetStorageWideProcesses() => Inner.GetStorageWideProcesses();
    public override IEnumerable<IStateHandler> GetStateHandlers() => Inner.GetStateHandlers();
    public override void WriteOptionsToLog(ILog logger) => Inner.WriteOptionsToLog(logger);
    public override bool HasFeature(string featureId) => Inner.HasFeature(featureId);
}
