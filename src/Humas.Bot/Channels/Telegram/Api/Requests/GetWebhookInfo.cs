using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record GetWebhookInfo : ITelegramRequest<WebhookInfo>
{
    [JsonIgnore]
    public string Method => "getWebhookInfo";
}
