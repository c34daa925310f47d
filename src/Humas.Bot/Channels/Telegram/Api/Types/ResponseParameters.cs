namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>The <c>parameters</c> of an error reply: flood wait in seconds, or a group's new supergroup id.</summary>
public sealed record ResponseParameters
{
    public int? RetryAfter { get; init; }
    public long? MigrateToChatId { get; init; }
}
