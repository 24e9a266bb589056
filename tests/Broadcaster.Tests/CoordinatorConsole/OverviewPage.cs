using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class OverviewPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The subscriber counts row of one county: "Napa 3 1".</summary>
    public ILocator CountyRow(string county) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = county });

    /// <summary>The cells of one area's row (by slug): name with its counties and languages, SMS, Telegram.</summary>
    public ILocator AreaCells(string slug) => page.Locator($"tr[data-area='{slug}'] td");

    /// <summary>"English 2 · Spanish 1": an area's subscribers per language.</summary>
    public ILocator AreaLanguages(string slug) => page.Locator($"tr[data-area='{slug}'] [data-area-languages]");
}
