using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tips.Queue;

public enum TipNoticeKind
{
    NewTip,
    ContributorMessage,
    Accepted,
    Declined,
    EditorMessage,

    /// <summary>A bundle's ticket, sent when the bundle went out after the quiet period.</summary>
    Submitted,

    /// <summary>The tip became an article: its link.</summary>
    Published,

    /// <summary>
    /// A bundle failed at every attempt and was given up: no tip was made, so the notice has no tip (0) and no
    /// ticket (""); the sender is asked to send it again.
    /// </summary>
    BundleGivenUp,
}

/// <summary>
/// For the editors' chat (Telegram group, Teams channel). <paramref name="Text"/> is ready to show, in
/// Indonesian; <paramref name="Actions"/> are "accept", "decline", "reply" for a new tip, none otherwise. It goes to the
/// editors' chats of <paramref name="InstitutionId"/> (null: the global ones, see <see cref="Subscriptions.IInstitutionEditorsChats"/>).
/// </summary>
public sealed record TipEditorNotice(long TipId, string Ticket, TipNoticeKind Kind, string Text, IReadOnlyList<TipButton> Actions, string? InstitutionId);

/// <summary>For the tip's author, on the channel and chat the tip came from, in their language.</summary>
public sealed record TipContributorNotice(
    long TipId, string Ticket, TipNoticeKind Kind, string Channel, string ConversationExternalId, string UserExternalId, string Language, string Text);

/// <summary>
/// Where the tips core hands its notices, inside the transaction of the change they tell of (so a change and
/// its notice are committed together or not at all). <see cref="TipNotifications"/> makes them outbox rows.
/// </summary>
public interface ITipNotices
{
    Task ToEditorsAsync(Storage.HumasDbContext db, TipEditorNotice notice, CancellationToken ct);

    /// <summary>
    /// Queues the notice to the author's chat; false when it is not queued because their conversation is unknown
    /// (logged here). A caller whose log or next step depends on the author being told reads this.
    /// </summary>
    Task<bool> ToContributorAsync(Storage.HumasDbContext db, TipContributorNotice notice, CancellationToken ct);
}
