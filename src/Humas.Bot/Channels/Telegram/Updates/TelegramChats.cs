using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Conversations.Inbound;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// Telegram chats and users in the core's words: conversation addresses, titles and tip authors. A forum
/// topic is a conversation of its own, addressed <c>{chat id}:{message_thread_id}</c>, so a subscription made
/// in a topic gets its articles and replies there; a chat without a topic (or a forum's General topic) is
/// just <c>{chat id}</c>, as before topics existed. The core never reads the address; only this adapter does.
/// </summary>
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

    public static string ExternalId(long chatId, int? topic = null) =>
        topic is { } t
            ? chatId.ToString(CultureInfo.InvariantCulture) + ":" + t.ToString(CultureInfo.InvariantCulture)
            : chatId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The address of a chat id written in configuration (an editors' group, the operators' alert chat), followed to
    /// where it lives now (<see cref="ChatMoves"/>): a group Telegram upgraded to a supergroup keeps working.
    /// </summary>
    public static string CurrentExternalId(ChatMoves moves, long chatId) => moves.Current(Channel, ExternalId(chatId));

    /// <summary>Reads a conversation's address back; false when it is not one this adapter wrote.</summary>
    public static bool TryParse(string externalId, out long chatId, out int? topic)
    {
        topic = null;
        var colon = externalId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return long.TryParse(externalId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId);
        }

        if (long.TryParse(externalId.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId)
            && int.TryParse(externalId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0)
        {
            topic = t;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The forum topic a message belongs to. Only a topic message counts: in an ordinary supergroup,
    /// message_thread_id also marks reply threads, which are not places to post into.
    /// </summary>
    public static int? Topic(Message message) => message.IsTopicMessage ? message.MessageThreadId : null;

    public static string? Title(Chat chat, int? topic = null)
    {
        var title = chat.Title ?? JoinName(chat.FirstName, chat.LastName) ?? chat.Username;
        return topic is { } t ? $"{title} · #{t.ToString(CultureInfo.InvariantCulture)}" : title;
    }

    /// <summary>The conversation a message of <paramref name="chat"/> (in <paramref name="topic"/>) belongs to; null for chat types we do not serve.</summary>
    public static ConversationAddress? Address(Chat chat, int? topic = null) =>
        Kind(chat) is { } kind ? new ConversationAddress(Channel, ExternalId(chat.Id, topic), kind) : null;

    /// <summary>Who spoke; an anonymous group admin (no user) speaks as the group.</summary>
    public static Sender Sender(Chat chat, User? user) =>
        user is null ? new Sender(ExternalId(chat.Id), Title(chat), null) { Anonymous = true } : Sender(user);

    public static Sender Sender(User user) => new(ExternalId(user.Id), JoinName(user.FirstName, user.LastName), user.LanguageCode)
    {
        Handle = string.IsNullOrEmpty(user.Username) ? null : user.Username,
    };

    /// <summary>A message the bot can no longer read arrives with only chat, message_id and date 0.</summary>
    public static bool IsInaccessible(Message message) => message.Date == default;

    /// <summary>"Sari Dewi (@sari)", for notes about who changed the bot's rights.</summary>
    public static string Who(User user)
    {
        var name = JoinName(user.FirstName, user.LastName) ?? user.Id.ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(user.Username) ? name : $"{name} (@{user.Username})";
    }

    private static string? JoinName(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } name ? name : null;
}
