using Broadcaster.Alerts;
using Broadcaster.Coordinators;
using Microsoft.AspNetCore.Mvc;

namespace Broadcaster.CoordinatorConsole.Pages.Alerts;

/// <summary>
/// One alert: status, live counts (the script polls ?handler=Status, the JSON of GET /api/alerts/{id}),
/// verify and abort through <see cref="AlertActions"/> like the API, and follow-ups.
/// </summary>
public sealed class ShowModel(AlertActions actions, CoordinatorStore coordinators) : ConsolePageModel
{
    public AlertState? State { get; private set; }
    public string? AuthorName { get; private set; }
    public string? VerifierName { get; private set; }
    public bool IsAuthor => State?.Alert.AuthorId == Me.Id;
    public bool CanVerify => State is { Status: AlertStatus.Draft } && !IsAuthor;
    public bool CanAbort => State?.Status is AlertStatus.Draft or AlertStatus.Verified or AlertStatus.Sending;
    public bool CanFollowUp => State is { } s && AlertStatus.Broadcast.Contains(s.Status) && s.Alert.Kind != AlertKind.Retraction;
    public bool IsLive => State?.Status is AlertStatus.Verified or AlertStatus.Sending;

    public Task<IActionResult> OnGetAsync(long id) => ShowAsync(actions.StatusAsync(Me, id));

    public async Task<IActionResult> OnGetStatusAsync(long id)
    {
        var outcome = await actions.StatusAsync(Me, id);
        return outcome.Value is { } state ? new JsonResult(AlertResponse.From(state)) : ProblemJson(outcome.Error!);
    }

    public Task<IActionResult> OnPostVerifyAsync(long id) => ActAsync(id, actions.VerifyAsync(Me, id));

    public Task<IActionResult> OnPostAbortAsync(long id) => ActAsync(id, actions.AbortAsync(Me, id));

    // Post, then redirect: a reload never repeats the action. A refusal (409, 403) is shown with its status.
    private async Task<IActionResult> ActAsync(long id, Task<Outcome<AlertState>> action)
    {
        var outcome = await action;
        if (outcome.Value is not null)
            return Redirect($"/console/alerts/{id}");
        if (outcome.Error!.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
            return Refuse(outcome.Error);
        await ShowAsync(actions.StatusAsync(Me, id));
        ViewData["Error"] = outcome.Error.Message;
        Response.StatusCode = outcome.Error.Status;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(Task<Outcome<AlertState>> status)
    {
        var outcome = await status;
        if (outcome.Value is not { } state)
            return Refuse(outcome.Error!);
        State = state;
        AuthorName = (await coordinators.FindAsync(state.Alert.AuthorId))?.Name;
        if (state.Alert.VerifierId is { } verifier)
            VerifierName = (await coordinators.FindAsync(verifier))?.Name;
        return Page();
    }
}
