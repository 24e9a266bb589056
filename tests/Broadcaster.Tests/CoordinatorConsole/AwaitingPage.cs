using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AwaitingPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/alerts/awaiting");

    public ILocator Draft(long id) => page.Locator($"[data-alert='{id}']");

    public ILocator VerifyButton(long id) => Draft(id).GetByRole(AriaRole.Link, new() { Name = "Review and verify" });

    /// <summary>Review and verify, then the review's verify and its confirm step.</summary>
    public async Task VerifyAsync(long id)
    {
        await VerifyButton(id).ClickAsync();
        await new AlertPage(page).VerifyAsync();
    }
}
