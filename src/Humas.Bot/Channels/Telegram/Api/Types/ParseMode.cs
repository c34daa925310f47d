using System.Text.Json.Serialization;

namespace Humas.Bot.Channels.Telegram.Api.Types;

[JsonConverter(typeof(JsonStringEnumConverter<ParseMode>))]
public enum ParseMode
{
    [JsonStringEnumMemberName("HTML")]
    Html,

    [JsonStringEnumMemberName("MarkdownV2")]
    MarkdownV2,
}
