using Broadcaster.Alerts;

namespace Broadcaster.CoordinatorConsole.Pages;

public sealed class AuditModel(AuditTrail audit) : ConsolePageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync() => Entries = await audit.RecentAsync(Me.NetworkId);
}
