using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole.Simulator;

/// <summary>The phone simulator as a person uses it: open a number, type, send, read the thread.</summary>
public sealed class SimulatorPage(IPage page)
{
    public async Task OpenAsync(string number)
    {
        await page.GotoAsync("/console/simulator");
        await page.GetByLabel("Fictional number").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
    }

    public async Task TextAsync(string body)
    {
        await page.GetByPlaceholder("Text message").FillAsync(body);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
    }

    public ILocator Thread => page.Locator("#thread");

    /// <summary>A message from the service (not one typed on the phone) containing <paramref name="text"/>.</summary>
    public ILocator Received(string text) => page.Locator(".msg.out").Filter(new() { HasText = text });
}
