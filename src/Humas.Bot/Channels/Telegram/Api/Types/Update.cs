namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>One incoming update; at most one of the optional parts is set.</summary>
public sealed record Update
{
    public long UpdateId { get; init; }
    public Message? Message { get; init; }
    public Message? EditedMessage { get; init; }
    public Message? ChannelPost { get; init; }
    public CallbackQuery? CallbackQuery { get; init; }
    public ChatMemberUpdated? MyChatMember { get; init; }
}
