using Broadcaster.Privacy;
using Microsoft.Extensions.Options;

namespace Broadcaster.Delivery;

/// <summary>What every <see cref="SenderLoop"/> of a process shares: given to <see cref="DispatchService"/> as one, passed on as one.</summary>
public sealed record DispatchDependencies(
    DeliveryLedger Ledger, HandOver HandOver, Completion Completion, AddressProtector Protector, IOptions<DeliveryOptions> Options,
    DeliveryMetrics Metrics, TimeProvider Time, ILoggerFactory Logs);
