using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary><see cref="SecretToken"/> comes back in X-Telegram-Bot-Api-Secret-Token on every webhook POST.</summary>
public sealed record SetWebhook(string Url) : ITelegramRequest<bool>
{
    [JsonIgnore]
    public string Method => "setWebhook";

    public string? SecretToken { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
    public bool? DropPendingUpdates { get; init; }
    public int? MaxConnections { get; init; }
}
