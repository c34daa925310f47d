using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>Must be sent for every press, even without text, or the button keeps spinning.</summary>
public sealed record AnswerCallbackQuery(string CallbackQueryId) : ITelegramRequest<bool>
{
    [JsonIgnore]
    public string Method => "answerCallbackQuery";

    public string? Text { get; init; }
    public bool? ShowAlert { get; init; }
    public string? Url { get; init; }
    public int? CacheTime { get; init; }
}
