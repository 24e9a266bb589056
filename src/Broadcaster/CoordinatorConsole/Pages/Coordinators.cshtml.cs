using System.Globalization;
using Broadcaster.Alerts;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>
/// A network admin manages their network's coordinators with the CLI's own store methods: add (the new API
/// key is shown once, on this answer only), revoke, issue a new key. Everyone else gets 403.
/// </summary>
public sealed class CoordinatorsModel(CoordinatorStore coordinators, NetworkStore networks, ConsoleText text) : ConsolePageModel
{
    public IReadOnlyList<CoordinatorSummary> Team { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public string? NewKey { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!Me.IsAdmin)
            context.Result = Refuse(AlertError.Forbidden(text["Only a network admin can manage coordinators."]));
        else
            await next();
    }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAddAsync(string? name, string? phone, string? telegramUserId, bool admin)
    {
        long? telegram = null;
        if (!string.IsNullOrWhiteSpace(telegramUserId))
        {
            if (!long.TryParse(telegramUserId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return await FailAsync(text["A Telegram user id is a number."]);
            telegram = id;
        }
        if (string.IsNullOrWhiteSpace(phone) && telegram is null)
            return await FailAsync(text["Give a phone number or a Telegram user id: that is where sign-in codes and draft notices go."]);
        var network = (await networks.FindAsync(Me.NetworkId))!;
        try
        {
            var (added, key) = await coordinators.AddAsync(network.Slug, name ?? "", string.IsNullOrWhiteSpace(phone) ? null : phone, telegram, admin);
            (Done, NewKey) = (text.Format("{0} was added. Their API key is shown only now:", added.Name), key);
        }
        catch (CommandException e)
        {
            return await FailAsync(e.Message);
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        if (await OtherNetworkAsync(id) is { } refused)
            return refused;
        if (id == Me.Id)
            return await FailAsync(text["You cannot revoke yourself: ask another admin."]);
        if (!await coordinators.RevokeAsync(id, Me.NetworkId))
            return await FailAsync(text["No such coordinator in your network."]);
        Done = text["Revoked: their key, sessions and commands stop working now."];
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostNewKeyAsync(long id)
    {
        if (await OtherNetworkAsync(id) is { } refused)
            return refused;
        if (await coordinators.NewKeyAsync(id, Me.NetworkId) is not { } key)
            return await FailAsync(text["No such active coordinator in your network."]);
        (Done, NewKey) = (text["New API key (the old one no longer works), shown only now:"], key);
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult?> OtherNetworkAsync(long id) =>
        await coordinators.FindAsync(id) is { } c && c.NetworkId != Me.NetworkId
            ? Refuse(AlertError.Forbidden(text["That coordinator belongs to another network."]))
            : null;

    private async Task<IActionResult> FailAsync(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Team = await coordinators.ListAsync(Me.NetworkId);
}
