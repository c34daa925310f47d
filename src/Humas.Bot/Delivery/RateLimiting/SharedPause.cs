using System.Text.Json;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// The message that tells every instance a sender's 429 pause (<see cref="RateLimiterRegistry.Pause"/>): the limiter's
/// key and the moment the pause ends, in UTC, so that an instance hearing it late pauses until the same moment rather
/// than for longer. <c>{"key":"telegram/kemensos","until":1796000000000}</c> (Unix milliseconds).
/// </summary>
internal static class SharedPause
{
    /// <summary>The PostgreSQL channel the pauses go on: the same in every instance and every version.</summary>
    public const string Channel = "humas_pause";

    /// <summary>A limiter's key is a channel's name and a sender's id; anything longer is not one.</summary>
    private const int LongestKey = 256;

    public static string Write(string key, DateTimeOffset until) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["key"] = key, ["until"] = until.ToUnixTimeMilliseconds() });

    /// <summary>The key and end of a pause, or null for anything else (any client of the database may send on the channel).</summary>
    public static (string Key, DateTimeOffset Until)? Read(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                && key.GetString() is { Length: > 0 and <= LongestKey } k
                && root.TryGetProperty("until", out var until) && until.ValueKind == JsonValueKind.Number
                && until.TryGetInt64(out var ms)
                && ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                return (k, DateTimeOffset.FromUnixTimeMilliseconds(ms));
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
