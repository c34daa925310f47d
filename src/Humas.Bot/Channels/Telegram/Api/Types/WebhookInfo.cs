namespace Humas.Bot.Channels.Telegram.Api.Types;

public sealed record WebhookInfo(string Url)
{
    public int PendingUpdateCount { get; init; }
    public DateTimeOffset? LastErrorDate { get; init; }
    public string? LastErrorMessage { get; init; }
    public int? MaxConnections { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}
