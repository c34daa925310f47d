using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record SetMyCommands(IReadOnlyList<BotCommand> Commands) : ITelegramRequest<bool>
{
    [JsonIgnore]
    public string Method => "setMyCommands";

    public BotCommandScope? Scope { get; init; }
    public string? LanguageCode { get; init; }
}
