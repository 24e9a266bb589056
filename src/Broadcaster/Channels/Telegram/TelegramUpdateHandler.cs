using System.Globalization;
using Broadcaster.Delivery;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Broadcaster.Subscribers;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Broadcaster.Channels.Telegram;

/// <summary>
/// What the bot does with a private message or a button press: it reads only Telegram's own syntax (slash commands,
/// button data) into an <see cref="InboundMessage"/> for the one inbound path (<see cref="InboundRouter"/>), and renders
/// the answer with buttons where it asks for a choice. The chat id is the address: it is only passed on, never logged
/// or stored here.
/// </summary>
public sealed class TelegramUpdateHandler(
    TelegramChannel channel,
    ITelegramBotClient bot,
    InboundRouter inbound,
    SubscriberInbox inbox,
    AreaPicker picker,
    ReplyLane lane,
    ILogger<TelegramUpdateHandler> log)
{
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.CallbackQuery is { } query)
            await OnButtonAsync(query, ct);
        else if (update.Message is { Chat.Type: ChatType.Private, Text: { } text, From: { } from } message)
            await AnswerAsync(message.Chat.Id, from, TelegramCommand.WithoutBotName(text), ToSubscriberCommand(TelegramCommand.Parse(text)), ct);
    }

    /// <summary>Slash commands to the subscriber command they name; plain text through the keyword table.</summary>
    internal static SubscriberCommand ToSubscriberCommand(TelegramCommand command) => command switch
    {
        { Name: null } => Keywords.Parse(command.Argument),
        // /start's argument is a deep link's payload, an area's slug (t.me/<bot>?start=<area-slug>); /join's is typed.
        { Name: "start" } => new(SubscriberVerb.OptIn, command.Argument, null, BySlug: true),
        { Name: "join" } => new(SubscriberVerb.OptIn, command.Argument, null),
        { Name: "leave" } => new(SubscriberVerb.Leave, command.Argument, null),
        { Name: "stop" } => new(SubscriberVerb.OptOut, "", null),
        { Name: "help" } => new(SubscriberVerb.Help, "", null),
        { Name: "lang" } => new(SubscriberVerb.Language, Language.Parse(command.Argument) ?? "", null),
        _ => new(SubscriberVerb.Other, "", null),
    };

    private async Task AnswerAsync(long chatId, User from, string text, SubscriberCommand command, CancellationToken ct)
    {
        var answer = await inbound.HandleAsync(
            new InboundMessage(ChannelName.Telegram, Address(chatId), text, command, AppLanguage: from.LanguageCode, SenderId: from.Id), ct);
        var (reply, keyboard) = answer.Prompt switch
        {
            Prompt.County => await picker.CountiesAsync(answer.Language),
            Prompt.Language when answer.Text is not null => (answer.Text, AreaPicker.Languages()),
            _ => (answer.Text, (InlineKeyboardMarkup?)null),
        };
        if (reply is not null)
            await ReplyAsync(chatId, reply, keyboard, ct);
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
            // Not through the inbound path (a menu page, not a command): charged to the bot's bucket here.
            await lane.ChargeAsync(null, ChannelName.Telegram, text, ct);
            await ReplyAsync(chat.Id, text, keyboard, ct);
            return;
        }
        SubscriberCommand? command = null;
        if (data.StartsWith(AreaPicker.JoinPrefix, StringComparison.Ordinal))
            command = new(SubscriberVerb.OptIn, data[AreaPicker.JoinPrefix.Length..], null, BySlug: true);
        else if (data.StartsWith(AreaPicker.LanguagePrefix, StringComparison.Ordinal))
            command = new(SubscriberVerb.Language, Language.Parse(data[AreaPicker.LanguagePrefix.Length..]) ?? "", null);
        if (command is not null)
            await AnswerAsync(chat.Id, query.From, "", command, ct);
    }

    private async Task ReplyAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        // Charged to the bot's bucket by the inbound path already; a 429 pauses the bot for alerts too.
        var result = await channel.SendAsync(chatId, text, keyboard, ct);
        await lane.AnsweredAsync(null, ChannelName.Telegram, result);
        if (result.Outcome == SendOutcome.RecipientGone)
        {
            // The person blocked the bot: stop them and erase the chat id, as /stop would.
            await inbox.HandleAsync(new Inbound(ChannelName.Telegram, Address(chatId), Confirmed: true), new(SubscriberVerb.OptOut, "", null));
            log.LogInformation("Telegram chat {Chat} blocked the bot; subscriber stopped", Mask.Address(Address(chatId)));
        }
    }

    public static string Address(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);
}
