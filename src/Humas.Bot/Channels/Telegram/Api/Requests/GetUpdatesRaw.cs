using System.Text.Json;
using System.Text.Json.Serialization;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>
/// getUpdates with each update kept as the JSON Telegram sent. The inbound inbox stores updates verbatim, and
/// one update of a shape our types cannot read must not make the whole batch (and so the poll) fail forever.
/// Parameters are the same as <see cref="GetUpdates"/>.
/// </summary>
public sealed record GetUpdatesRaw : ITelegramRequest<IReadOnlyList<JsonElement>>
{
    [JsonIgnore]
    public string Method => "getUpdates";

    public long? Offset { get; init; }
    public int? Limit { get; init; }
    public int? Timeout { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }

    TimeSpan ITelegramRequest<IReadOnlyList<JsonElement>>.ServerHold => TimeSpan.FromSeconds(Timeout ?? 0);
}
