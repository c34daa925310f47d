using System.Globalization;
using Humas.Bot.Channels.Telegram.Api.Types;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tips;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>Telegram chats and users in the core's words: conversation addresses, titles and tip authors.</summary>
internal static class TelegramChats
{
    public const string Channel = "telegram";

    /// <summary>Null for chat types we do not serve (none today, but Telegram adds types).</summary>
    public static ConversationKind? Kind(Chat chat) => chat.Type switch
    {
        Chat.Private => ConversationKind.Private,
        Chat.Group or Chat.Supergroup => ConversationKind.Group,
        Chat.Channel => ConversationKind.Channel,
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

    private static string? JoinName(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } name ? name : null;
}
