using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class OverviewPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The subscriber counts row of one county: "Napa 3 1".</summary>
    public ILocator CountyRow(string county) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = county });
}
