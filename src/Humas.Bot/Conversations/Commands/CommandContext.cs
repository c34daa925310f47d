using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// Who wrote and where. <see cref="CanManageAsync"/> is asked only when the command would change what a
/// shared conversation (group, channel) receives; the channel answers it (Telegram: getChatMember).
/// </summary>
public sealed record CommandContext(
    Conversation Conversation,
    TipAuthor Author,
    Func<CancellationToken, Task<bool>> CanManageAsync)
{
    public string Language => Conversation.Language;

    public bool IsShared => Conversation.Kind != Subscriptions.ConversationKind.Private;
}
