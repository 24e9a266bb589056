using Broadcaster.Infrastructure;
using Broadcaster.Simulator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Broadcaster.CoordinatorConsole.Pages.Simulator;

/// <summary>
/// The phone simulator: pick a fictional 555-01XX number and the number to text (the default number, or a network's
/// own: <see cref="TextedNumbers"/>), text the service, read the thread, where each change of service number is
/// marked. Open to anyone while Broadcaster:Simulator is on, in Development only (a newcomer has no account yet); a 404
/// otherwise. Texts go through <see cref="SimulatorThread"/>, the webhook's own inbound path.
/// </summary>
[AllowAnonymous]
public sealed class PhoneModel(IOptions<BroadcasterOptions> options, IHostEnvironment env, IServiceProvider services) : PageModel
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

    /// <summary>The service number texted, as the form names it ("" or missing: the default number).</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public string? Phone { get; private set; }
    public IReadOnlyList<SimulatorMessage> Thread { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>The numbers offered to text, the default number first; <see cref="Texting"/> is the one picked.</summary>
    public IReadOnlyList<TextedNumber> Numbers { get; private set; } = [];
    public TextedNumber? Texting { get; private set; }

    /// <summary>What the thread calls a message's service number (shown only when there is more than one to text).</summary>
    public Func<string?, string> Via { get; private set; } = _ => "";

    // The environment too: the option is refused outside Development at start-up, and this page never relies on that alone.
    private bool On => options.Value.Simulator == true && env.IsDevelopment();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!On)
            return NotFound();
        if (!await PickNumberToTextAsync())
            return Page();
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
        if (!Pick() || !await PickNumberToTextAsync())
            return BadRequest();
        var messages = await services.GetRequiredService<SimulatorStore>().ThreadAsync(Phone!, after);
        return new JsonResult(new { messages = messages.Select(m => new { m.Id, m.Direction, m.Body, via = Numbers.Count > 1 ? Via(m.Peer) : null }) });
    }

    public async Task<IActionResult> OnPostAsync(string? body)
    {
        if (!On)
            return NotFound();
        if (!await PickNumberToTextAsync() || !Pick())
            return Page();
        if (string.IsNullOrWhiteSpace(body))
        {
            Error = Say("Type a message first.");
            await LoadThreadAsync();
            return Page();
        }
        await services.GetRequiredService<SimulatorThread>().TextAsync(Phone!, body, Texting!.Number);
        return Redirect(Link(Phone!, Texting.Number));
    }

    public async Task<IActionResult> OnPostClearAsync()
    {
        if (!On)
            return NotFound();
        if (!await PickNumberToTextAsync() || !Pick())
            return Page();
        await services.GetRequiredService<SimulatorStore>().ClearAsync(Phone!);
        return Redirect(Link(Phone!, Texting!.Number));
    }

    public static string Link(string phone, string? to = null) =>
        "/console/simulator?number=" + Uri.EscapeDataString(phone) + (to is null ? "" : "&to=" + Uri.EscapeDataString(to));

    /// <summary>A number's name in the picker, as the thread names it: "Default number · (213) 555-0100", "LBCDN · (562) 555-0100".</summary>
    public string NameOf(TextedNumber n) => Via(n.Number);

    private async Task<bool> PickNumberToTextAsync()
    {
        var numbers = services.GetRequiredService<TextedNumbers>();
        Numbers = await numbers.AllAsync();
        Via = await numbers.NamesAsync(Say("Default number"));
        if (TextedNumbers.TryPick(Numbers, To, out var picked))
        {
            Texting = picked;
            return true;
        }
        Texting = Numbers[0];
        Error = Say("Pick one of the numbers offered to text.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }

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
