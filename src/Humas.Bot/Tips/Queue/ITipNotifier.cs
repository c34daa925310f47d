namespace Humas.Bot.Tips.Queue;

public enum TipNoticeKind
{
    NewTip,
    ContributorMessage,
    Accepted,
    Declined,
    EditorMessage,
}

/// <summary>
/// For the editors' chat (Telegram group, Teams channel). <paramref name="Text"/> is ready to show, in
/// Indonesian; <paramref name="Actions"/> are "accept", "decline", "reply" for a new tip, none otherwise.
/// </summary>
public sealed record TipEditorNotice(long TipId, string Ticket, TipNoticeKind Kind, string Text, IReadOnlyList<TipButton> Actions);

/// <summary>For the tip's author, on the channel and chat the tip came from, in their language.</summary>
public sealed record TipContributorNotice(
    long TipId, string Ticket, TipNoticeKind Kind, string Channel, string ConversationExternalId, string UserExternalId, string Language, string Text);

/// <summary>
/// One per channel. Editors' notices go to every registered notifier (each has its own editors' chat or
/// none); a contributor's notice goes to the notifier whose <see cref="Channel"/> is the tip's channel.
/// Called after the change is committed: a failure is logged and the tip stays in the queue.
/// </summary>
public interface ITipNotifier
{
    /// <summary>"telegram", "teams", "web".</summary>
    string Channel { get; }

    Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken);

    Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken);
}
