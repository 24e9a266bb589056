using System.Globalization;
using Broadcaster.Channels.Sms;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Broadcaster.Subscribers;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// What the bot does with a private message or a button press. Subscription changes and their texts are the
/// subscriber core's (the same as SMS); Telegram adds buttons and needs no double opt-in, since the person
/// opened the chat themselves. The chat id is the address: it is only passed on, never logged or stored here.
/// </summary>
public sealed class TelegramUpdateHandler(
    ITelegramBotClient bot,
    TelegramChannel channel,
    SubscriberService subscribers,
    CountyPicker picker,
    CoordinatorStore coordinators,
    ICoordinatorCommands coordinatorCommands,
    ILogger<TelegramUpdateHandler> log)
{
    private const string Channel = ChannelName.Telegram;

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.CallbackQuery is { } query)
            await OnButtonAsync(query, ct);
        else if (update.Message is { Chat.Type: ChatType.Private, Text: { } text, From: { } from } message)
            await OnTextAsync(message.Chat.Id, from, text, ct);
    }

    private async Task OnTextAsync(long chatId, User from, string text, CancellationToken ct)
    {
        var address = Address(chatId);
        var language = LanguageOf(from);
        var command = TelegramCommand.Parse(text);
        if (IsCoordinatorVerb(command) && await CoordinatorReplyAsync(from, text, ct) is { } answer)
        {
            await ReplyAsync(chatId, answer, null, ct);
            return;
        }
        var (reply, keyboard) = command switch
        {
            { Name: "start" or "join", Argument: "" } => await picker.CountiesAsync(language),
            { Name: "start" or "join" } => (await subscribers.JoinAsync(Channel, address, command.Argument, language, confirmed: true), null),
            { Name: "leave" } => (await subscribers.LeaveAsync(Channel, address, command.Argument, language), null),
            { Name: "stop" } => (await subscribers.StopAsync(Channel, address, language), null),
            { Name: "help" } => (await subscribers.HelpAsync(Channel, address, language), null),
            { Name: "lang" } => await LanguageAsync(address, Language.Parse(command.Argument), language),
            { Name: null } => await PlainTextAsync(address, command.Argument, language),
            _ => (await subscribers.OtherAsync(Channel, address, language), null),
        };
        if (reply is not null)
            await ReplyAsync(chatId, reply, keyboard, ct);
    }

    /// <summary>
    /// Text without a slash follows the SMS keyword table (so "STOP" or "ALTO" typed in the chat stops, "ayuda"
    /// helps), and a county name or ZIP on its own, typed after /start, joins that county.
    /// </summary>
    private async Task<(string? Reply, InlineKeyboardMarkup? Keyboard)> PlainTextAsync(string address, string text, string appLanguage)
    {
        var parsed = SmsKeywords.Parse(text);
        var language = parsed.Language ?? appLanguage;
        var argument = parsed.Argument;
        return parsed.Keyword switch
        {
            SmsKeyword.OptOut => (await subscribers.StopAsync(Channel, address, language), null),
            SmsKeyword.Help => (await subscribers.HelpAsync(Channel, address, language), null),
            SmsKeyword.Leave => (await subscribers.LeaveAsync(Channel, address, argument, language), null),
            SmsKeyword.Language => await LanguageAsync(address, argument.Length == 0 ? null : argument, language),
            SmsKeyword.OptIn or SmsKeyword.Confirm when argument.Length == 0 => await picker.CountiesAsync(language),
            SmsKeyword.OptIn or SmsKeyword.Confirm when await subscribers.FindCountyAsync(argument) is not null =>
                (await subscribers.JoinAsync(Channel, address, argument, language, confirmed: true), null),
            SmsKeyword.OptIn => (await subscribers.JoinAsync(Channel, address, argument, language, confirmed: true), null),
            _ when await subscribers.FindCountyAsync(text) is not null =>
                (await subscribers.JoinAsync(Channel, address, text, language, confirmed: true), null),
            _ => (await subscribers.OtherAsync(Channel, address, language), null),
        };
    }

    /// <summary>A known language switches; anything else lists the choices, with a button for each.</summary>
    private async Task<(string? Reply, InlineKeyboardMarkup? Keyboard)> LanguageAsync(string address, string? target, string language) =>
        target is null
            ? (await subscribers.SetLanguageAsync(Channel, address, null, language), CountyPicker.Languages())
            : (await subscribers.SetLanguageAsync(Channel, address, target, language), null);

    private async Task OnButtonAsync(CallbackQuery query, CancellationToken ct)
    {
        // Answer first: until then the user's client shows the button as loading.
        try
        {
            await bot.AnswerCallbackQuery(query.Id, cancellationToken: ct);
        }
        catch (Exception e) when (e is global::Telegram.Bot.Exceptions.RequestException)
        {
            log.LogInformation("answerCallbackQuery failed: {Error}", e.Message);
        }
        if (query.Message?.Chat is not { Type: ChatType.Private } chat || query.Data is not { } data)
            return;
        var address = Address(chat.Id);
        var language = LanguageOf(query.From);
        string? reply = null;
        if (data.StartsWith(CountyPicker.JoinPrefix, StringComparison.Ordinal))
            reply = await subscribers.JoinAsync(Channel, address, data[CountyPicker.JoinPrefix.Length..], language, confirmed: true);
        else if (data.StartsWith(CountyPicker.LanguagePrefix, StringComparison.Ordinal))
            reply = await subscribers.SetLanguageAsync(Channel, address, Language.Parse(data[CountyPicker.LanguagePrefix.Length..]), language);
        if (reply is not null)
            await ReplyAsync(chat.Id, reply, null, ct);
    }

    // With a slash as DESIGN.md lists them, or without, as the verification notice says ("Reply VERIFY 12").
    private static bool IsCoordinatorVerb(TelegramCommand command) =>
        (command.Name ?? command.Argument.Split(' ', 2)[0].ToLowerInvariant()) is "alert" or "verify" or "abort" or "status";

    /// <summary>ALERT/VERIFY/ABORT/STATUS from a registered coordinator; null lets the text through to the subscriber commands.</summary>
    private async Task<string?> CoordinatorReplyAsync(User from, string text, CancellationToken ct)
    {
        var coordinator = await coordinators.FindByTelegramUserAsync(from.Id);
        return coordinator is null ? null : await coordinatorCommands.TryHandleFromVerifiedSenderAsync(coordinator, TelegramCommand.WithoutBotName(text), ct);
    }

    private async Task ReplyAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        var result = await channel.SendAsync(chatId, text, keyboard, ct);
        if (result.Outcome == SendOutcome.RecipientGone)
        {
            // The person blocked the bot: stop them and erase the chat id, as /stop would.
            await subscribers.StopAsync(Channel, Address(chatId));
            log.LogInformation("Telegram chat {Chat} blocked the bot; subscriber stopped", Mask.Address(Address(chatId)));
        }
    }

    /// <summary>Telegram reports the app's IETF language tag ("es", "es-MX"); anything not Spanish is English.</summary>
    public static string LanguageOf(User user) =>
        user.LanguageCode?.StartsWith("es", StringComparison.OrdinalIgnoreCase) == true ? Language.Spanish : Language.English;

    public static string Address(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);
}
