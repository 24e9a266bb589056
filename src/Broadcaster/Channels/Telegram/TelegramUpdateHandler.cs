using System.Globalization;
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
/// What the bot does with a private message or a button press. It parses only Telegram's own syntax (slash
/// commands, button data) and hands the resulting <see cref="SubscriberCommand"/> to the same inbox as SMS; plain
/// text goes through the shared keyword table. Telegram adds buttons and needs no double opt-in, since the person
/// opened the chat themselves. The chat id is the address: it is only passed on, never logged or stored here.
/// </summary>
public sealed class TelegramUpdateHandler(
    ITelegramBotClient bot,
    TelegramChannel channel,
    SubscriberInbox inbox,
    AreaPicker picker,
    CoordinatorStore coordinators,
    ICoordinatorCommands coordinatorCommands,
    ILogger<TelegramUpdateHandler> log)
{
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.CallbackQuery is { } query)
            await OnButtonAsync(query, ct);
        else if (update.Message is { Chat.Type: ChatType.Private, Text: { } text, From: { } from } message)
            await OnTextAsync(message.Chat.Id, from, text, ct);
    }

    private async Task OnTextAsync(long chatId, User from, string text, CancellationToken ct)
    {
        var command = TelegramCommand.Parse(text);
        if (IsCoordinatorVerb(command) && await CoordinatorReplyAsync(from, text, ct) is { } answer)
        {
            await ReplyAsync(chatId, answer, null, ct);
            return;
        }
        var language = Language.FromTag(from.LanguageCode);
        if (command is { Name: "start" or "join", Argument: "" })
        {
            var (pick, buttons) = await picker.CountiesAsync(language);
            await ReplyAsync(chatId, pick, buttons, ct);
            return;
        }
        await AnswerAsync(chatId, language, ToSubscriberCommand(command), ct);
    }

    /// <summary>Slash commands to the subscriber command they name; plain text through the keyword table.</summary>
    internal static SubscriberCommand ToSubscriberCommand(TelegramCommand command) => command switch
    {
        { Name: null } => Keywords.Parse(command.Argument),
        { Name: "start" or "join" } => new(SubscriberVerb.OptIn, command.Argument, null),
        { Name: "leave" } => new(SubscriberVerb.Leave, command.Argument, null),
        { Name: "stop" } => new(SubscriberVerb.OptOut, "", null),
        { Name: "help" } => new(SubscriberVerb.Help, "", null),
        { Name: "lang" } => new(SubscriberVerb.Language, Language.Parse(command.Argument) ?? "", null),
        _ => new(SubscriberVerb.Other, "", null),
    };

    private async Task AnswerAsync(long chatId, string language, SubscriberCommand command, CancellationToken ct)
    {
        var reply = await inbox.HandleAsync(new Inbound(ChannelName.Telegram, Address(chatId), language, Confirmed: true), command);
        if (reply.Text is null)
            return;
        var (text, keyboard) = reply.Prompt switch
        {
            Prompt.County => await picker.CountiesAsync(reply.Language),
            Prompt.Language => (reply.Text, AreaPicker.Languages()),
            _ => (reply.Text, (InlineKeyboardMarkup?)null),
        };
        await ReplyAsync(chatId, text, keyboard, ct);
    }

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
        var language = Language.FromTag(query.From.LanguageCode);
        if (data.StartsWith(AreaPicker.CountyPrefix, StringComparison.Ordinal))
        {
            var (text, keyboard) = await picker.AreasAsync(data[AreaPicker.CountyPrefix.Length..], language) is { } inCounty
                ? (inCounty.Text, inCounty.Keyboard)
                : await picker.CountiesAsync(language);
            await ReplyAsync(chat.Id, text, keyboard, ct);
            return;
        }
        SubscriberCommand? command = null;
        if (data.StartsWith(AreaPicker.JoinPrefix, StringComparison.Ordinal))
            command = new(SubscriberVerb.OptIn, data[AreaPicker.JoinPrefix.Length..], null);
        else if (data.StartsWith(AreaPicker.LanguagePrefix, StringComparison.Ordinal))
            command = new(SubscriberVerb.Language, Language.Parse(data[AreaPicker.LanguagePrefix.Length..]) ?? "", null);
        if (command is not null)
            await AnswerAsync(chat.Id, language, command, ct);
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
            await inbox.HandleAsync(new Inbound(ChannelName.Telegram, Address(chatId), Confirmed: true), new(SubscriberVerb.OptOut, "", null));
            log.LogInformation("Telegram chat {Chat} blocked the bot; subscriber stopped", Mask.Address(Address(chatId)));
        }
    }

    public static string Address(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);
}
