namespace Humas.Bot.Channels.Telegram.Api.Types;

public sealed record ReplyParameters(int MessageId)
{
    public long? ChatId { get; init; }
    public bool? AllowSendingWithoutReply { get; init; }
    public string? Quote { get; init; }
}
