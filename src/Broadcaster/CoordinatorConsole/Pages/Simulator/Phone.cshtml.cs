using Broadcaster.Infrastructure;
using Broadcaster.Simulator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Broadcaster.CoordinatorConsole.Pages.Simulator;

/// <summary>
/// The phone simulator: pick a fictional 555-01XX number, text the service, read the thread. Open to anyone
/// while Broadcaster:Simulator is on (a newcomer has no account yet); a 404 otherwise. Texts go through
/// <see cref="SimulatorThread"/>, the webhook's own inbound path.
/// </summary>
[AllowAnonymous]
public sealed class PhoneModel(IOptions<BroadcasterOptions> options, IServiceProvider services) : PageModel
{
    /// <summary>The thread's quick replies, in the language the service speaks to this number (else the page's).</summary>
    public IReadOnlyList<string> QuickReplies { get; private set; } = [];

    public static IReadOnlyList<string> QuickRepliesIn(string language)
    {
        var w = Subscribers.Catalog.For(language).Words;
        return [$"{w.Join} LA", w.Yes, w.Help, language == Language.Spanish ? "ENGLISH" : "ESPAÑOL", w.Stop];
    }

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    public string? Phone { get; private set; }
    public IReadOnlyList<SimulatorMessage> Thread { get; private set; } = [];
    public string? Error { get; private set; }

    private bool On => options.Value.Simulator == true;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!On)
            return NotFound();
        if (Number is not null && !Pick())
            return Page();
        if (Phone is not null)
            await LoadThreadAsync();
        return Page();
    }

    private async Task LoadThreadAsync()
    {
        Thread = await services.GetRequiredService<SimulatorStore>().ThreadAsync(Phone!);
        var language = await services.GetRequiredService<Subscribers.SubscriberStore>().LanguageOfAsync(Channels.ChannelName.Sms, Phone!);
        QuickReplies = QuickRepliesIn(language ?? ConsoleText.Pick(HttpContext));
    }

    /// <summary>New messages after <paramref name="after"/>, for the page's small poller.</summary>
    public async Task<IActionResult> OnGetThreadAsync(long after = 0)
    {
        if (!On)
            return NotFound();
        if (!Pick())
            return BadRequest();
        var messages = await services.GetRequiredService<SimulatorStore>().ThreadAsync(Phone!, after);
        return new JsonResult(new { messages = messages.Select(m => new { m.Id, m.Direction, m.Body }) });
    }

    public async Task<IActionResult> OnPostAsync(string? body)
    {
        if (!On)
            return NotFound();
        if (!Pick())
            return Page();
        if (string.IsNullOrWhiteSpace(body))
        {
            Error = Say("Type a message first.");
            await LoadThreadAsync();
            return Page();
        }
        await services.GetRequiredService<SimulatorThread>().TextAsync(Phone!, body);
        return Redirect(Link(Phone!));
    }

    public async Task<IActionResult> OnPostClearAsync()
    {
        if (!On)
            return NotFound();
        if (!Pick())
            return Page();
        await services.GetRequiredService<SimulatorStore>().ClearAsync(Phone!);
        return Redirect(Link(Phone!));
    }

    public static string Link(string phone) => "/console/simulator?number=" + Uri.EscapeDataString(phone);

    public string Say(string english) => ConsoleText.In(ConsoleText.Pick(HttpContext), english);

    private bool Pick()
    {
        if (SimulatedNumbers.TryParse(Number, out var phone))
        {
            Phone = phone;
            return true;
        }
        Error = Say("Pick a fictional number from 555-0100 to 555-0199, e.g. (213) 555-0101.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }
}
