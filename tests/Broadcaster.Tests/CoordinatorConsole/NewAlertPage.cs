using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class NewAlertPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/console/alerts/new");

    /// <summary>Ticks an area by its name ("Napa County", "Napa (city)").</summary>
    public Task PickAreaAsync(string name) => AreaBox(name).CheckAsync();

    public Task UnpickAreaAsync(string name) => AreaBox(name).UncheckAsync();

    public ILocator AreaBox(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    /// <summary>The areas listed under one county's heading ("Napa County"), in order.</summary>
    public ILocator AreasUnder(string county) =>
        page.Locator("fieldset.county-group").Filter(new() { Has = page.Locator("legend", new() { HasText = county }) }).GetByRole(AriaRole.Checkbox);

    /// <summary>The preview's line for one area: name, SMS, Telegram.</summary>
    public ILocator AreaRecipients(string slug) => page.Locator($"[data-preview-area-rows] tr[data-area='{slug}'] td");

    public Task WriteEnglishAsync(string text) => page.GetByLabel("Text in English").FillAsync(text);

    public Task WriteSpanishAsync(string text) => page.GetByLabel("Text in Spanish").FillAsync(text);

    public ILocator EnglishText => page.GetByLabel("Text in English");

    public Task SaveDraftAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

    public Task PreviewAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();

    public ILocator Recipients => page.Locator("[data-preview-total]");
    public ILocator Eta => page.Locator("[data-preview-eta]");
    public ILocator Warnings => page.Locator("[data-preview-warnings] .warning");
    public ILocator Message(string language) => page.Locator($"[data-preview-text='{language}']");
    public ILocator Summary(string language) => page.Locator($"[data-preview-summary='{language}']");
    public ILocator Error => page.GetByRole(AriaRole.Alert);
    public ILocator Cost(string language) => page.Locator($"[data-preview-cost='{language}']");
    public ILocator Offer(string language) => page.Locator($"[data-preview-offer='{language}']");
    public Task UseOfferAsync(string language) => Offer(language).GetByRole(AriaRole.Button).ClickAsync();
    public ILocator SpanishText => page.Locator("textarea[name='Form.Es']");
    public ILocator SaveButton => page.GetByRole(AriaRole.Button, new() { Name = "Save draft" });
    public ILocator Panel => page.Locator("#preview");
    public Task DrillAsync() => page.Locator("input[name='Form.Drill']").CheckAsync();
}
