using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary><see cref="Photo"/> is an HTTP URL or a file_id (uploads would need multipart); caption up to 1024 characters.</summary>
public sealed record SendPhoto(long ChatId, string Photo) : ITelegramRequest<Message>
{
    [JsonIgnore]
    public string Method => "sendPhoto";

    public string? Caption { get; init; }
    public ParseMode? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
    public bool? DisableNotification { get; init; }
    public bool? AllowPaidBroadcast { get; init; }
}
