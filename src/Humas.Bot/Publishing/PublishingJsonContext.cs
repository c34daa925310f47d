using System.Text.Json;
using System.Text.Json.Serialization;

namespace Humas.Bot.Publishing;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PublishArticleRequest))]
[JsonSerializable(typeof(PublishArticleResponse))]
internal sealed partial class PublishingJsonContext : JsonSerializerContext;
