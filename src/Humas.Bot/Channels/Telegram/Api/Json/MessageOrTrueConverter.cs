using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Json;

/// <summary>Reads a Message object, or <c>true</c>/<c>null</c> as "succeeded without a message".</summary>
public sealed class MessageOrTrueConverter : JsonConverter<MessageOrTrue>
{
    public override bool HandleNull => true;

    public override MessageOrTrue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
            case JsonTokenType.True:
                return default;
            case JsonTokenType.StartObject:
                var info = (JsonTypeInfo<Message>)options.GetTypeInfo(typeof(Message));
                return new MessageOrTrue(JsonSerializer.Deserialize(ref reader, info));
            default:
                throw new JsonException($"Expected a Message, true or null, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, MessageOrTrue value, JsonSerializerOptions options)
    {
        if (value.Message is null)
        {
            writer.WriteBooleanValue(true);
            return;
        }

        JsonSerializer.Serialize(writer, value.Message, (JsonTypeInfo<Message>)options.GetTypeInfo(typeof(Message)));
    }
}
