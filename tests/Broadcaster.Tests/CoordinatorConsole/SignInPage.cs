using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class SignInPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/sign-in");

    public async Task WithApiKeyAsync(string apiKey)
    {
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the key" }).ClickAsync();
    }

    /// <summary>Types a phone number (or Telegram user id, with <paramref name="telegram"/>) and asks for a code.</summary>
    public async Task AskForCodeAsync(string address, bool telegram = false)
    {
        await page.GetByLabel("Phone number or Telegram user id").FillAsync(address);
        await page.GetByLabel(telegram ? "Telegram" : "SMS", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public ILocator Error => page.GetByRole(AriaRole.Alert);
    public ILocator Notice => page.GetByRole(AriaRole.Status);
}
