using System.Text.Json;
using System.Text.Json.Serialization;

namespace Humas.Bot.Channels.Telegram.Api.Json;

/// <summary>
/// Unix time as Telegram sends it, in seconds. Emulators (telegram-test-api) send milliseconds instead;
/// no real date in seconds exceeds 10^11 (year 5138), so anything larger is read as milliseconds.
/// </summary>
public sealed class UnixDateTimeConverter : JsonConverter<DateTimeOffset>
{
    private const long MillisecondsThreshold = 100_000_000_000;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole,
            JsonTokenType.Number => (long)reader.GetDouble(),
            _ => throw new JsonException($"Expected a Unix time number, got {reader.TokenType}."),
        };
        try
        {
            return value > MillisecondsThreshold || value < -MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(value)
                : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A shape error like any other (found by the fault suite's fuzzer: date 2^63-1), not a crash.
            throw new JsonException($"Unix time {value} is out of range.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());
}
