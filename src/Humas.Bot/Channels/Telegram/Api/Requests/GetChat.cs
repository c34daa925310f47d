using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record GetChat(long ChatId) : ITelegramRequest<Chat>
{
    [JsonIgnore]
    public string Method => "getChat";
}
