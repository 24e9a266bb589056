using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole.Simulator;

/// <summary>The phone simulator as a person uses it: open a number, type, send, read the thread.</summary>
public sealed class SimulatorPage(IPage page)
{
    /// <param name="texting">The number to text as the picker names it ("Default number", "LBCDN · (562) 555-0100");
    /// null leaves the picker as it is (the default number; there is no picker with a single number).</param>
    public async Task OpenAsync(string number, string? texting = null)
    {
        await page.GotoAsync("/console/simulator");
        await page.GetByLabel("Fictional number").FillAsync(number);
        if (texting is not null)
        {
            var picker = page.GetByLabel("Number you text");
            var label = await picker.Locator("option").Filter(new() { HasText = texting }).First.TextContentAsync();
            await picker.SelectOptionAsync(new SelectOptionValue { Label = label });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
    }

    public async Task TextAsync(string body)
    {
        await page.GetByPlaceholder("Text message").FillAsync(body);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
    }

    public ILocator Thread => page.Locator("#thread");

    /// <summary>The lines marking which service number the messages after them were texted to or came from.</summary>
    public ILocator Via => page.Locator("#thread .via");

    /// <summary>A message from the service (not one typed on the phone) containing <paramref name="text"/>.</summary>
    public ILocator Received(string text) => page.Locator(".msg.out").Filter(new() { HasText = text });
}
