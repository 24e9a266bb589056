using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AlertPage(IPage page)
{
    public async Task OpenAsync(long id) => await page.GotoAsync($"/console/alerts/{id}");

    /// <summary>The alert's number, read from the address after a redirect to /console/alerts/{id}.</summary>
    public long Id => long.Parse(new Uri(page.Url).Segments[^1]);

    public ILocator Status => page.Locator("[data-status]");
    public ILocator Count(string which) => page.Locator($"[data-count='{which}']");
    public ILocator Progress => page.Locator("[data-progress]");
    public ILocator VerifyButton => page.GetByRole(AriaRole.Button, new() { Name = "Verify and send" });
    public ILocator AbortButton => page.GetByRole(AriaRole.Button, new() { Name = "Abort" });
    public ILocator Notice => page.Locator(".notice");
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public Task VerifyAsync() => VerifyButton.ClickAsync();
    public Task AbortAsync() => AbortButton.ClickAsync();
    public Task FollowUpAsync(string button) => page.GetByRole(AriaRole.Link, new() { Name = button, Exact = true }).ClickAsync();

    /// <summary>The page's antiforgery token, as any of its forms carries it.</summary>
    public Task<string> FormTokenAsync() => page.Locator("input[name='__af']").First.InputValueAsync();
}
