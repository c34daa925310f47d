namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary><c>command</c>: 1-32 of a-z, 0-9, _; <c>description</c>: 1-256 characters.</summary>
public sealed record BotCommand(string Command, string Description);

/// <summary>One record for Telegram's seven scope variants; only the fields of the chosen type are set.</summary>
public sealed record BotCommandScope(string Type)
{
    public long? ChatId { get; init; }
    public long? UserId { get; init; }

    public static BotCommandScope Default { get; } = new("default");
    public static BotCommandScope AllPrivateChats { get; } = new("all_private_chats");
    public static BotCommandScope AllGroupChats { get; } = new("all_group_chats");
    public static BotCommandScope AllChatAdministrators { get; } = new("all_chat_administrators");

    public static BotCommandScope ForChat(long chatId) => new("chat") { ChatId = chatId };
}
