using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AuditPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/audit");

    /// <summary>The log line of one action on one alert, e.g. ("Ben", "verified", 7).</summary>
    public ILocator Line(string who, string what, long alertId) =>
        page.GetByRole(AriaRole.Row).Filter(new() { HasText = who }).Filter(new() { HasText = $"{what} #{alertId}" });
}
