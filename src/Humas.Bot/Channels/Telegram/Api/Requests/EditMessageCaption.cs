using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

public sealed record EditMessageCaption(long ChatId, int MessageId) : ITelegramRequest<MessageOrTrue>
{
    [JsonIgnore]
    public string Method => "editMessageCaption";

    public string? Caption { get; init; }
    public ParseMode? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
