using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>Checks the token; returns the bot itself.</summary>
public sealed record GetMe : ITelegramRequest<User>
{
    [JsonIgnore]
    public string Method => "getMe";
}
