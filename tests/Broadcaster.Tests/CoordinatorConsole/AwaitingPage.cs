using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AwaitingPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/alerts/awaiting");

    public ILocator Draft(long id) => page.Locator($"[data-alert='{id}']");

    public ILocator VerifyButton(long id) => Draft(id).GetByRole(AriaRole.Button, new() { Name = "Verify and send" });

    public Task VerifyAsync(long id) => VerifyButton(id).ClickAsync();
}
