using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class AlertPage(IPage page)
{
    public async Task OpenAsync(long id) => await page.GotoAsync($"/console/alerts/{id}");

    /// <summary>The alert's number, read from the address after a redirect to /console/alerts/{id}.</summary>
    public long Id => long.Parse(new Uri(page.Url).Segments[^1]);

    /// <summary>What the alert means now: "sending", "sent", "retracted"…</summary>
    public ILocator Status => page.Locator("[data-status-label]");
    public ILocator Count(string which) => page.Locator($"[data-count='{which}']");
    public ILocator Progress => page.Locator("[data-progress]");
    /// <summary>The review's first step (a link to the confirm step), for a draft someone else wrote.</summary>
    public ILocator VerifyButton => page.GetByRole(AriaRole.Link, new() { Name = "Verify and send…" });
    public ILocator ConfirmButton => page.GetByRole(AriaRole.Button, new() { Name = "Yes, send it now" });
    public ILocator ConfirmQuestion => page.Locator("#confirm-question");
    public ILocator FollowUp(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
    public ILocator Review => page.Locator("[data-review]");
    public ILocator ReviewText(string language) => page.Locator($"[data-review-text='{language}']");
    public ILocator ReviewCost(string language) => page.Locator($"[data-review-cost='{language}']");
    public ILocator Facts => page.Locator("dl.facts").First;
    public ILocator AbortButton => page.GetByRole(AriaRole.Button, new() { Name = "Abort" });
    public ILocator Notice => page.Locator(".notice");
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    /// <summary>Verify, then confirm: the two steps a verifier takes.</summary>
    public async Task VerifyAsync()
    {
        await VerifyButton.ClickAsync();
        await ConfirmButton.ClickAsync();
    }
    public Task AbortAsync() => AbortButton.ClickAsync();
    public Task FollowUpAsync(string button) => FollowUp(button).ClickAsync();

    /// <summary>The page's antiforgery token, as any of its forms carries it.</summary>
    public Task<string> FormTokenAsync() => page.Locator("input[name='__af']").First.InputValueAsync();
}
