using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tips;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>Telegram chats and users in the core's words: conversation addresses, titles and tip authors.</summary>
internal static class TelegramChats
{
    public const string Channel = "telegram";

    /// <summary>Null for chat types we do not serve (none today, but Telegram adds types).</summary>
    public static ConversationKind? Kind(Chat chat) => chat.Type switch
    {
        ChatType.Private => ConversationKind.Private,
        ChatType.Group or ChatType.Supergroup => ConversationKind.Group,
        ChatType.Channel => ConversationKind.Channel,
        _ => null,
    };

    public static string ExternalId(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    public static string? Title(Chat chat) =>
        chat.Title ?? JoinName(chat.FirstName, chat.LastName) ?? chat.Username;

    public static TipAuthor Author(Chat chat, User? user, string language) => new(
        Channel,
        ExternalId(chat.Id),
        ExternalId(user?.Id ?? chat.Id),
        user is null ? Title(chat) : JoinName(user.FirstName, user.LastName),
        language);

    /// <summary>A message the bot can no longer read arrives with only chat, message_id and date 0.</summary>
    public static bool IsInaccessible(Message message) => message.Date == default;

    private static string? JoinName(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } name ? name : null;
}
