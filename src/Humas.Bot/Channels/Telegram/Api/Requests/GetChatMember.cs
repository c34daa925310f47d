using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>A member's status in a chat; used to let only group admins change a group's subscriptions.</summary>
public sealed record GetChatMember(long ChatId, long UserId) : ITelegramRequest<ChatMember>
{
    [JsonIgnore]
    public string Method => "getChatMember";
}
