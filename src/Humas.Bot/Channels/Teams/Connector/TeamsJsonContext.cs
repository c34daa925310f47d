using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Humas.Bot.Channels.Teams.Connector;

/// <summary>Bot Framework JSON: camelCase, null members left out, as Teams and the card schema expect.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(InvokeResponseBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TeamsChannelAccount))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class TeamsJsonContext : JsonSerializerContext;
