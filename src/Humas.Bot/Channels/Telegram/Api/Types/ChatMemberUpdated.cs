namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>The bot's own membership changed: in private chats only on block ("kicked") and unblock ("member").</summary>
public sealed record ChatMemberUpdated(Chat Chat, User From, DateTimeOffset Date, ChatMember OldChatMember, ChatMember NewChatMember);

/// <summary>Only the parts every ChatMember variant shares; the rest is ignored.</summary>
public sealed record ChatMember(string Status, User User)
{
    public const string Kicked = "kicked";
    public const string Left = "left";
    public const string Member = "member";
    public const string Administrator = "administrator";
    public const string Creator = "creator";
    public const string Restricted = "restricted";
}
