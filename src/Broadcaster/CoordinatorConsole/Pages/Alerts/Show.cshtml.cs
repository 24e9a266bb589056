using Broadcaster.Alerts;
using Broadcaster.Coordinators;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc;

namespace Broadcaster.CoordinatorConsole.Pages.Alerts;

/// <summary>
/// One alert. For a draft it is the verifier's review: every SMS as it goes out, recipients per channel and area,
/// segments, cost and time, who drafted it, the original of a follow-up; "Verify" then asks to confirm. Later it shows
/// live progress (the script polls ?handler=Status and redraws the page when what the alert means changes), abort and
/// the follow-ups that make sense. Verify and abort go through <see cref="AlertActions"/> like the API.
/// </summary>
public sealed class ShowModel(AlertActions actions, CoordinatorStore coordinators, DraftFigures figures, AlertRecipients recipients) : ConsolePageModel
{
    public AlertState? State { get; private set; }
    public string? AuthorName { get; private set; }
    public string? VerifierName { get; private set; }
    /// <summary>A draft's figures as the fan-out would count them now (the review); null once it is no longer a draft.</summary>
    public Draft? Figures { get; private set; }
    /// <summary>Who each of a draft's areas reaches on its own (homes sharing a ZIP with it), as the new-alert preview counts.</summary>
    public IReadOnlyList<AreaRecipients> Areas { get; private set; } = [];
    public AlertState? Original { get; private set; }
    public bool Confirming { get; private set; }

    public string Shown => State?.Shown ?? "";
    public bool IsAuthor => State?.Alert.AuthorId == Me.Id;
    public bool CanVerify => State is { Status: AlertStatus.Draft } && !IsAuthor;
    public bool CanAbort => State?.Status is AlertStatus.Draft or AlertStatus.Held or AlertStatus.Verified or AlertStatus.Sending;
    public int Reached => State is { Counts: var c } ? c.Sent + c.Delivered : 0;
    public int Total => State is { Counts: var c } ? c.Pending + c.Sent + c.Delivered + c.Failed + c.Skipped : 0;

    /// <summary>
    /// Follow-ups only where they mean something: never of a retraction or of a retracted alert; an aborted alert that
    /// reached nobody has nobody to tell, and one that reached some can only be retracted.
    /// </summary>
    public IReadOnlyList<string> FollowUps => State switch
    {
        null => [],
        { Alert.Kind: AlertKind.Retraction } => [],
        { Shown: AlertStatus.Retracted } => [],
        { Shown: AlertStatus.Aborted } => Reached > 0 ? [AlertKind.Retraction] : [],
        { Shown: AlertStatus.Verified or AlertStatus.Sending or AlertStatus.Sent or AlertStatus.Superseded } =>
            [AlertKind.Update, AlertKind.AllClear, AlertKind.Retraction],
        _ => [],
    };

    /// <summary>Still changing: the script polls it (and a meta refresh follows it without JavaScript).</summary>
    public bool IsLive => State is { } s && (s.Shown is AlertStatus.Draft or AlertStatus.Verified or AlertStatus.Sending
        || s.Counts.Pending > 0 || s.Shown is AlertStatus.Sent or AlertStatus.Superseded);

    public Task<IActionResult> OnGetAsync(long id) => ShowAsync(actions.StatusAsync(Me, id));

    /// <summary>The confirm step of "Verify": the same review with the one button that sends.</summary>
    public async Task<IActionResult> OnGetConfirmAsync(long id)
    {
        var result = await ShowAsync(actions.StatusAsync(Me, id));
        Confirming = CanVerify;
        return result;
    }

    public async Task<IActionResult> OnGetStatusAsync(long id)
    {
        var outcome = await actions.StatusAsync(Me, id);
        return outcome.Value is { } s
            ? new JsonResult(new { status = s.Shown, stored = s.Status, counts = s.Counts, s.RetractedBy, s.SupersededBy })
            : ProblemJson(outcome.Error!);
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
        if (state.Alert.ReplyTo is { } original && (await actions.StatusAsync(Me, original)).Value is { } o)
            Original = o;
        if (state.Status == AlertStatus.Draft)
        {
            Figures = await figures.ForStoredAsync(state.Alert);
            Areas = await recipients.ByAreaAsync(Me.NetworkId, [.. state.Alert.Areas.Select(x => x.Id)], state.Alert.Drill);
        }
        if (IsLive)
            ViewData[RefreshKey] = state.Status is AlertStatus.Draft or AlertStatus.Verified or AlertStatus.Sending ? 10 : 30;
        return Page();
    }
}
