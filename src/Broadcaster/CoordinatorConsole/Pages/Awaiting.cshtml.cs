using Broadcaster.Alerts;
using Broadcaster.Coordinators;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>Drafts waiting for a second coordinator: others' lead to their review; one's own shows who was asked.</summary>
public sealed class AwaitingModel(AlertActions actions, CoordinatorStore coordinators, DraftFigures figures) : ConsolePageModel
{
    public sealed record Waiting(Draft Figures, string AuthorName, bool Mine, IReadOnlyList<string> Asked);

    public IReadOnlyList<Waiting> Drafts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var names = new Dictionary<long, string>();
        async Task<string> NameAsync(long id) =>
            names.TryGetValue(id, out var name) ? name : names[id] = (await coordinators.FindAsync(id))?.Name ?? "?";

        // The draft notice goes to every other active coordinator on each channel they have (DraftNotifications).
        var reachable = await coordinators.ReachableAsync(Me.NetworkId);
        var drafts = new List<Waiting>();
        foreach (var (alert, _) in await actions.RecentAsync(Me, AlertStatus.Draft))
        {
            var asked = new List<string>();
            foreach (var (id, channel) in reachable.Where(r => r.Id != alert.AuthorId))
                asked.Add($"{await NameAsync(id)} ({(channel == "sms" ? "SMS" : "Telegram")})");
            drafts.Add(new Waiting(await figures.ForStoredAsync(alert), await NameAsync(alert.AuthorId), alert.AuthorId == Me.Id, asked));
        }
        Drafts = drafts;
    }
}
