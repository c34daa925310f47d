using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record DeleteWebhook : ITelegramRequest<bool>
{
    [JsonIgnore]
    public string Method => "deleteWebhook";

    public bool? DropPendingUpdates { get; init; }
}
