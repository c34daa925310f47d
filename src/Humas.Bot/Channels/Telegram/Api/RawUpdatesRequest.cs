using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// getUpdates with each update kept as the JSON Telegram sent. The library's own request reads typed updates
/// with an int <c>offset</c>; the inbox stores updates verbatim and validates each one on its own, so one
/// update of a shape we cannot read never makes the whole batch (and so the poll) fail.
/// </summary>
public sealed class RawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    /// <summary>The last stored update_id + 1: confirms everything before it.</summary>
    public long? Offset { get; init; }

    public int? Limit { get; init; }

    /// <summary>Seconds Telegram may hold the request open (long polling).</summary>
    public int? Timeout { get; init; }

    [JsonPropertyName("allowed_updates")]
    public IReadOnlyList<UpdateType>? AllowedUpdates { get; init; }
}
