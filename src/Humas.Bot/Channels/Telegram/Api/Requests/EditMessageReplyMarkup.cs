using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>Changes only the keyboard; a null <see cref="ReplyMarkup"/> removes it.</summary>
public sealed record EditMessageReplyMarkup(long ChatId, int MessageId) : ITelegramRequest<MessageOrTrue>
{
    [JsonIgnore]
    public string Method => "editMessageReplyMarkup";

    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
