using Broadcaster.Alerts;
using Broadcaster.Counties;
using Broadcaster.Networks;
using Microsoft.AspNetCore.Mvc;

namespace Broadcaster.CoordinatorConsole.Pages.Alerts;

/// <summary>
/// Drafting: the form posts to the same <see cref="AlertDrafter"/> as POST /api/alerts; "Preview" (or the
/// script, as you type) asks the drafter for the same figures without storing anything, plus who each chosen
/// area reaches on its own. Areas are picked grouped by county (<see cref="AreaGroups"/>).
/// </summary>
public sealed class NewModel(
    AlertDrafter drafter, AlertActions actions, AlertRecipients recipients, AreaStore areas, CountyDirectory counties, ConsoleText text)
    : ConsolePageModel
{
    [BindProperty]
    public AlertForm Form { get; set; } = new();

    public IReadOnlyList<AreaGroup> Groups { get; private set; } = [];
    public Alert? Original { get; private set; }
    public DraftPreview? Preview { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? replyTo, string? kind)
    {
        if (replyTo is { } id)
        {
            var original = await actions.StatusAsync(Me, id);
            if (original.Value is not { } state)
                return Refuse(original.Error!);
            Original = state.Alert;
            var followUp = kind is not null && AlertKind.All.Contains(kind) && AlertKind.IsFollowUp(kind) ? kind : AlertKind.Update;
            Form = new AlertForm
            {
                Kind = followUp,
                ReplyTo = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Areas = [.. state.Alert.AreaSlugs],
                En = FollowUpText.Starter(followUp, id, "en"),
                Es = FollowUpText.Starter(followUp, id, "es"),
            };
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (request, error) = Form.ToRequest();
        var outcome = request is null ? error! : await drafter.DraftAsync(Me, request);
        if (outcome.Value is { } draft)
            return Redirect($"/console/alerts/{draft.Alert.Id}");
        return await ShowErrorAsync(outcome.Error!);
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var (request, error) = Form.ToRequest();
        var outcome = request is null ? error! : await drafter.PreviewAsync(Me, request);
        if (outcome.Value is not { } draft)
            return WantsJson ? ProblemJson(outcome.Error!) : await ShowErrorAsync(outcome.Error!);
        Preview = DraftPreview.From(draft, text) with { Areas = await ByAreaAsync(draft) };
        if (WantsJson)
            return new JsonResult(Preview);
        await LoadAsync();
        return Page();
    }

    /// <summary>"Use this text": the GSM-7 form replaces that language's text in the form; nothing is stored until Save draft.</summary>
    public Task<IActionResult> OnPostGsm7Async(string? language)
    {
        if (language == "en" && Form.En is not null)
            Form.En = Gsm7Form.Of(Form.En);
        else if (language == "es" && Form.Es is not null)
            Form.Es = Gsm7Form.Of(Form.Es);
        ModelState.Clear(); // the textarea shows the new value, not the posted one
        return OnPostPreviewAsync();
    }

    private async Task<IActionResult> ShowErrorAsync(AlertError error)
    {
        Error = error.Message;
        Response.StatusCode = error.Status;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var names = (await counties.AllAsync()).ToDictionary(c => c.Slug, c => c.Name);
        Groups = AreaGroups.Of(await areas.AudienceAsync(Me.NetworkId), slug => names.GetValueOrDefault(slug, slug));
        if (Original is null && long.TryParse(Form.ReplyTo, out var id) && (await actions.StatusAsync(Me, id)).Value is { } state)
            Original = state.Alert;
    }

    private async Task<IReadOnlyList<AreaRecipients>> ByAreaAsync(Draft draft) => draft.Alert.ReplyTo is null
        ? await recipients.ByAreaAsync(Me.NetworkId, [.. draft.Alert.Areas.Select(a => a.Id)], draft.Alert.Drill)
        : [];
}
