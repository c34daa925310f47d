using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>Answers "message is not modified" (400) when nothing changed; see <see cref="TelegramApiException.IsMessageNotModified"/>.</summary>
public sealed record EditMessageText(long ChatId, int MessageId, string Text) : ITelegramRequest<MessageOrTrue>
{
    [JsonIgnore]
    public string Method => "editMessageText";

    public ParseMode? ParseMode { get; init; }
    public LinkPreviewOptions? LinkPreviewOptions { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
