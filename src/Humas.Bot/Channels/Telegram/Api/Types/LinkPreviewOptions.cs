namespace Humas.Bot.Channels.Telegram.Api.Types;

public sealed record LinkPreviewOptions
{
    public bool? IsDisabled { get; init; }
    public string? Url { get; init; }
    public bool? PreferSmallMedia { get; init; }
    public bool? PreferLargeMedia { get; init; }
    public bool? ShowAboveText { get; init; }
}
