using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record DeleteMessage(long ChatId, int MessageId) : ITelegramRequest<bool>
{
    [JsonIgnore]
    public string Method => "deleteMessage";
}
