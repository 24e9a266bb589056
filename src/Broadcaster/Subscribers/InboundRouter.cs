using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Subscribers;

/// <summary>
/// One message from a person, whatever the wire it came on: the channel and address (<see cref="From"/>), the text as
/// typed, and what the channel already read from its own syntax (<see cref="Command"/>: a Telegram slash command or
/// button; null means the text goes through the keyword table). For SMS, the number or Messaging Service it was sent
/// to; for Telegram, the app's language and the sender's user id. <see cref="Simulated"/>: typed in the simulator.
/// </summary>
public sealed record InboundMessage(
    string Channel,
    string From,
    string? Text,
    SubscriberCommand? Command = null,
    string? To = null,
    string? Service = null,
    string? AppLanguage = null,
    long? SenderId = null,
    bool Simulated = false);

/// <summary>Who answered: a coordinator command, the subscriber inbox, or (Telegram) the picker to show.</summary>
public enum InboundRoute { Coordinator, Subscriber, Picker }

/// <summary>
/// The answer for the channel to render: the text (null: none), its language, what it asks for next, and for logs the
/// route, the keyword's verb, the network whose number it reached (null: the default number) and whether it was left
/// unanswered because Twilio's managed opt-out answers it.
/// </summary>
public sealed record InboundAnswer(
    string? Text, string Language, Prompt Prompt, InboundRoute Route, SubscriberVerb Verb, string? Network = null, bool Silent = false);

/// <summary>
/// The one inbound path: the SMS webhook, the Telegram handler and the simulator translate their wire format into an
/// <see cref="InboundMessage"/> and render the <see cref="InboundAnswer"/>; everything in between is decided here, in
/// this order: an opt-out word is always an opt-out; a registered coordinator's command (never from the simulator,
/// which anyone may open); the network whose number was texted; then the subscriber inbox (joins, the network/area
/// menu, leave, help). Replies to words Twilio's managed opt-out answers itself are left out. Every reply that will
/// reach a provider is charged to its sender's rate bucket (<see cref="ReplyLane"/>) before it is handed back.
/// </summary>
public sealed class InboundRouter(
    SubscriberInbox inbox,
    NetworkStore networks,
    CoordinatorStore coordinators,
    ReplyBudget budget,
    ReplyLane lane,
    IServiceProvider services,
    IOptions<TwilioOptions> twilio)
{
    /// <summary>
    /// The answer, within the reply budget (<see cref="ReplyBudget"/>): past it, the message still takes effect but
    /// gets no answer (a STOP's confirmation and a coordinator's command answer always go). The simulator is exempt.
    /// </summary>
    public async Task<InboundAnswer> HandleAsync(InboundMessage message, CancellationToken ct)
    {
        // A text to a network's own number is that network's program (and its reply goes from that number).
        var at = message.Channel == ChannelName.Sms ? await networks.ForInboundAsync(message.To, message.Service) : null;
        var answer = await RouteAsync(message, at, ct);
        var shown = answer.Text is not null || answer.Route == InboundRoute.Picker;
        if (message.Simulated)
            return answer;
        if (shown && !await budget.AdmitAsync(message.Channel, message.From, answer.Verb, answer.Route == InboundRoute.Coordinator, ct))
            return answer with { Text = null, Prompt = Prompt.None, Route = answer.Route == InboundRoute.Picker ? InboundRoute.Subscriber : answer.Route };
        // What goes out takes its tokens now, without waiting: the sender's alerts make room after it. Twilio's own answer
        // to the words its managed opt-out handles (one segment) goes from the same number.
        if (shown)
            await lane.ChargeAsync(at, message.Channel, answer.Text ?? "", ct);
        else if (answer.Silent)
            await lane.ChargeAsync(at, message.Channel, "", ct);
        return answer;
    }

    private async Task<InboundAnswer> RouteAsync(InboundMessage message, Network? at, CancellationToken ct)
    {
        var command = message.Command ?? Keywords.Parse(message.Text);
        if (command.Verb != SubscriberVerb.OptOut && await CoordinatorAsync(message, ct) is { } answer)
            return new InboundAnswer(answer, Language.English, Prompt.None, InboundRoute.Coordinator, command.Verb);

        // A bare /start or /join on Telegram shows the picker (the buttons are the question).
        if (message.Channel == ChannelName.Telegram && message.Text?.TrimStart().StartsWith('/') == true
            && command is { Verb: SubscriberVerb.OptIn, Argument: "" })
            return new InboundAnswer(null, Language.FromTag(message.AppLanguage), Prompt.County, InboundRoute.Picker, command.Verb);

        // Telegram proves the person is the chat (they opened it): no double opt-in there; its app has a language.
        var telegram = message.Channel == ChannelName.Telegram;
        var from = new Inbound(message.Channel, message.From, telegram ? Language.FromTag(message.AppLanguage) : null, Confirmed: telegram, At: at);
        var reply = await inbox.HandleAsync(from, command);
        // Twilio's managed opt-out has already answered these words; a second answer would confuse people.
        var silent = message is { Channel: ChannelName.Sms, Simulated: false } && twilio.Value.ManagedOptOut && command.AnsweredByTwilio;
        return new InboundAnswer(silent ? null : reply.Text, reply.Language, reply.Prompt, InboundRoute.Subscriber, command.Verb, at?.Slug, silent);
    }

    /// <summary>A registered coordinator's command: by SMS from their phone (VERIFY/ABORT then need the code), on Telegram from their user id.</summary>
    private async Task<string?> CoordinatorAsync(InboundMessage message, CancellationToken ct)
    {
        if (message.Simulated || string.IsNullOrWhiteSpace(message.Text) || services.GetService<ICoordinatorCommands>() is not { } commands)
            return null;
        if (message.Channel == ChannelName.Sms)
            return await coordinators.FindByPhoneAsync(message.From) is { } bySms ? await commands.TryHandleAsync(bySms, message.Text, ct) : null;
        if (message.SenderId is not { } userId || !IsCoordinatorVerb(message.Text))
            return null;
        return await coordinators.FindByTelegramUserAsync(userId) is { } byTelegram
            ? await commands.TryHandleFromVerifiedSenderAsync(byTelegram, message.Text, ct)
            : null;
    }

    // With a slash as DESIGN.md lists them, or without, as the verification notice says ("Reply VERIFY 12").
    private static bool IsCoordinatorVerb(string text)
    {
        var first = text.TrimStart().TrimStart('/').Split([' ', '@', '\n'], 2)[0].ToLowerInvariant();
        return first is "alert" or "verify" or "abort" or "status" or "confirm";
    }
}
