using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Requests;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Json;

/// <summary>
/// Source-generated (no reflection at run time) snake_case JSON for every request and result type.
/// Nulls are left out so optional parameters are simply absent; unknown fields in replies are skipped.
/// A new request type must be listed here, or <see cref="TelegramBotClient"/> fails on its first use.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UnixDateTimeConverter)])]
[JsonSerializable(typeof(GetMe))]
[JsonSerializable(typeof(GetUpdates))]
[JsonSerializable(typeof(SetWebhook))]
[JsonSerializable(typeof(DeleteWebhook))]
[JsonSerializable(typeof(GetWebhookInfo))]
[JsonSerializable(typeof(SendMessage))]
[JsonSerializable(typeof(SendPhoto))]
[JsonSerializable(typeof(EditMessageText))]
[JsonSerializable(typeof(EditMessageCaption))]
[JsonSerializable(typeof(EditMessageReplyMarkup))]
[JsonSerializable(typeof(DeleteMessage))]
[JsonSerializable(typeof(AnswerCallbackQuery))]
[JsonSerializable(typeof(SetMyCommands))]
[JsonSerializable(typeof(GetFile))]
[JsonSerializable(typeof(GetChat))]
[JsonSerializable(typeof(GetChatMember))]
[JsonSerializable(typeof(GetUpdatesRaw))]
[JsonSerializable(typeof(IReadOnlyList<JsonElement>))]
[JsonSerializable(typeof(ChatMember))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Chat))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(MessageOrTrue))]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(IReadOnlyList<Update>))]
[JsonSerializable(typeof(WebhookInfo))]
[JsonSerializable(typeof(TelegramFile))]
[JsonSerializable(typeof(ResponseParameters))]
public sealed partial class TelegramJsonContext : JsonSerializerContext;
