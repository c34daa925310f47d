using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>
/// Long polling: <see cref="Offset"/> = last seen update_id + 1 confirms everything before it;
/// <see cref="Timeout"/> seconds (25-50 in production) is how long Telegram may hold the request.
/// </summary>
public sealed record GetUpdates : ITelegramRequest<IReadOnlyList<Update>>
{
    [JsonIgnore]
    public string Method => "getUpdates";

    public long? Offset { get; init; }
    public int? Limit { get; init; }
    public int? Timeout { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }

    TimeSpan ITelegramRequest<IReadOnlyList<Update>>.ServerHold => TimeSpan.FromSeconds(Timeout ?? 0);
}
