using System.Globalization;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Broadcaster.CoordinatorConsole.Pages;

/// <summary>
/// A network admin manages their network's coordinators through <see cref="TeamChanges"/>, as the CLI does: add,
/// revoke, issue a new key, make or unmake an admin (never the last one); each change is audited and told to the whole team. A new
/// API key goes to that coordinator's own phone or Telegram, never to this page. Everyone else gets 403.
/// </summary>
public sealed class CoordinatorsModel(CoordinatorStore coordinators, TeamChanges team, NetworkStore networks, ConsoleText text) : ConsolePageModel
{
    public IReadOnlyList<CoordinatorSummary> Team { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }

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
            var (added, sent) = await team.AdminAddsAsync(Me, network.Slug, name ?? "", string.IsNullOrWhiteSpace(phone) ? null : phone, telegram, admin, HttpContext.RequestAborted);
            Done = sent.Outcome == SendOutcome.Sent
                ? text.Format("{0} was added. Their API key was sent to their own phone or Telegram.", added.Name)
                : text.Format("{0} was added, but their API key could not be sent to them: use New API key to send another.", added.Name);
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
        if (await team.RevokeAsync(TeamActor.Admin(Me), id, Me.NetworkId) is null)
            return await FailAsync(text["No such coordinator in your network."]);
        Done = text["Revoked: their key, sessions, commands and open drafts stop working now."];
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostNewKeyAsync(long id)
    {
        if (await OtherNetworkAsync(id) is { } refused)
            return refused;
        if (await team.AdminNewKeyAsync(Me, id, HttpContext.RequestAborted) is not { } sent)
            return await FailAsync(text["No such active coordinator in your network."]);
        Done = sent.Outcome == SendOutcome.Sent
            ? text["New API key sent to that coordinator's own phone or Telegram. The old key and their open sessions no longer work."]
            : text["The old key and their open sessions no longer work, but the new key could not be sent to them: try again later."];
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAdminAsync(long id, bool admin)
    {
        if (await OtherNetworkAsync(id) is { } refused)
            return refused;
        var name = (await coordinators.FindAsync(id))?.Name ?? "";
        switch (await team.SetAdminAsync(TeamActor.Admin(Me), id, admin, Me.NetworkId))
        {
            case AdminChange.NotFound:
                return await FailAsync(text["No such active coordinator in your network."]);
            case AdminChange.LastAdmin:
                return await FailAsync(text.Format("{0} is the network's last admin: make another coordinator admin first.", name));
            case AdminChange.Unchanged:
                Done = text["Nothing changed: that coordinator already was (or was not) an admin."];
                break;
            default:
                Done = text.Format(admin ? "{0} is now a network admin. The whole team is told." : "{0} is no longer a network admin. The whole team is told.", name);
                break;
        }
        // Someone who just gave up their own admin rights has no business on this page any more.
        if (id == Me.Id && !admin && Done is not null)
            return RedirectToPage("/Index");
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
