using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class SignInPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/sign-in");

    public async Task WithApiKeyAsync(string apiKey)
    {
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public ILocator Error => page.GetByRole(AriaRole.Alert);
}
