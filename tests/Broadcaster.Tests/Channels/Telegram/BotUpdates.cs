using System.Text.Json.Nodes;

namespace Broadcaster.Tests.Channels.Telegram;

/// <summary>Update JSON as Telegram sends it (https://core.telegram.org/bots/api#update), for a private chat.</summary>
public static class BotUpdates
{
    public static string Message(long updateId, long chatId, string text, string? languageCode = "en", long? fromId = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = updateId + 10,
            ["date"] = 1767225600,
            ["from"] = User(fromId ?? chatId, languageCode),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Rosa" },
            ["text"] = text,
        };
        if (text.StartsWith('/'))
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.Split(' ')[0].Length, ["type"] = "bot_command" });
        return new JsonObject { ["update_id"] = updateId, ["message"] = message }.ToJsonString();
    }

    public static string Button(long updateId, long chatId, string data, string? languageCode = "en") => new JsonObject
    {
        ["update_id"] = updateId,
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cb" + updateId,
            ["from"] = User(chatId, languageCode),
            ["chat_instance"] = "-42",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = 7,
                ["date"] = 1767225600,
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Rosa" },
                ["text"] = "Choose your county",
            },
        },
    }.ToJsonString();

    public static string GroupMessage(long updateId, long chatId, string text) => new JsonObject
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = 1,
            ["date"] = 1767225600,
            ["from"] = User(77, "en"),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "group", ["title"] = "Neighbours" },
            ["text"] = text,
        },
    }.ToJsonString();

    private static JsonObject User(long id, string? languageCode)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = "Rosa" };
        if (languageCode is not null)
            user["language_code"] = languageCode;
        return user;
    }
}
