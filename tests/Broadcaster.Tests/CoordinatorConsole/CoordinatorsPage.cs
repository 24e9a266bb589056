using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

public sealed class CoordinatorsPage(IPage page)
{
    public async Task<IResponse> OpenAsync() => (await page.GotoAsync("/console/coordinators"))!;

    public async Task AddAsync(string name, string? phone = null, string? telegramUserId = null)
    {
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (phone is not null)
            await page.GetByLabel("Phone number").FillAsync(phone);
        if (telegramUserId is not null)
            await page.GetByLabel("Telegram user id").FillAsync(telegramUserId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
    }

    public ILocator Row(string name) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });

    public Task NewKeyAsync(string name) => Row(name).GetByRole(AriaRole.Button, new() { Name = "New API key" }).ClickAsync();

    public Task MakeAdminAsync(string name) => Row(name).GetByRole(AriaRole.Button, new() { Name = "Make admin" }).ClickAsync();

    public Task RemoveAdminAsync(string name) => Row(name).GetByRole(AriaRole.Button, new() { Name = "Remove admin" }).ClickAsync();

    public Task RevokeAsync(string name) => Row(name).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

    public ILocator Notice => page.GetByRole(AriaRole.Status);
    public ILocator Error => page.GetByRole(AriaRole.Alert);
}
