using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary><see cref="Text"/>: 1-4096 characters after entity parsing.</summary>
public sealed record SendMessage(long ChatId, string Text) : ITelegramRequest<Message>
{
    [JsonIgnore]
    public string Method => "sendMessage";

    public ParseMode? ParseMode { get; init; }
    public LinkPreviewOptions? LinkPreviewOptions { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
    public bool? DisableNotification { get; init; }
    public bool? AllowPaidBroadcast { get; init; }
    public ReplyParameters? ReplyParameters { get; init; }
}
