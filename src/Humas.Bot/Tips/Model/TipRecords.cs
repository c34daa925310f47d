namespace Humas.Bot.Tips.Model;

public enum TipState
{
    New,
    Accepted,
    Declined,

    /// <summary>An editor replied; the tip is being discussed with its author.</summary>
    InDiscussion,

    /// <summary>The tip became an article (<see cref="Tip.ArticleId"/>); the contributor was sent its link.</summary>
    Published,
}

public enum TipDraftStep
{
    /// <summary>Waiting for "what happened".</summary>
    Text,

    /// <summary>Collecting photos, documents, voice, video and a location until "done".</summary>
    Media,

    /// <summary>Waiting for a contact or "skip".</summary>
    Contact,

    /// <summary>The summary is shown; waiting for Kirim or Batal.</summary>
    Confirm,

    /// <summary>A citizen's tip on a shared bot, first: which institution is it for (a picker, searchable).</summary>
    Institution,
}

/// <summary>
/// An unfinished tip, one per author. Kept in the database so a restart mid-flow resumes it; the attachments
/// collected so far are a small JSON list because they are only read back whole.
/// </summary>
public sealed class TipDraft
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserExternalId { get; set; }
    public required string ConversationExternalId { get; set; }
    public string? DisplayName { get; set; }
    public string Language { get; set; } = "id";
    public TipDraftStep Step { get; set; }
    public string? Text { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactName { get; set; }
    public string AttachmentsJson { get; set; } = "[]";

    /// <summary>Optimistic concurrency: two messages of one author handled at once (an album) must not lose one.</summary>
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Set on a bundle (a draft opened by a message without /usulan): when it is sent as one tip if nothing more
    /// arrives; while an instance sends it, and after an attempt that failed, the end of a short lease. Null for the guided flow.
    /// </summary>
    public DateTime? BundleDueAt { get; set; }

    /// <summary>The institution a citizen chose for the tip (<see cref="TipDraftStep.Institution"/>); declared last, added last.</summary>
    public string? InstitutionId { get; set; }

    /// <summary>
    /// How often the bundle worker has claimed this bundle since the sender's last message: it is given up at
    /// <see cref="Flow.TipBundles.MaxAttempts"/> instead of failing for good. Declared last, added last.
    /// </summary>
    public int BundleAttempts { get; set; }
}

/// <summary>A submitted tip: the editors' queue item and the thread's anchor.</summary>
public sealed class Tip
{
    public long Id { get; set; }

    /// <summary>USL-yyyyMM-NNNN, unique.</summary>
    public required string Ticket { get; set; }
    public required string Channel { get; set; }
    public required string ConversationExternalId { get; set; }
    public required string UserExternalId { get; set; }
    public string? AuthorName { get; set; }
    public string Language { get; set; } = "id";
    public required string Text { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactName { get; set; }

    /// <summary>Set when the author was a verified contributor at submission; the unit is copied so a later
    /// move to another unit does not rewrite history.</summary>
    public long? ContributorId { get; set; }
    public string? InstitutionId { get; set; }
    public string? Unit { get; set; }
    public TipState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The article the tip became (state <see cref="TipState.Published"/>). Declared last, added last.</summary>
    public Guid? ArticleId { get; set; }

    /// <summary>
    /// The draft it was sent from (<see cref="TipDraft.Id"/>, never reused), named by that draft's Kirim button: a Kirim
    /// handled again after the draft went is answered with this tip's ticket. Null for tips sent before it was kept.
    /// Declared last, added last.
    /// </summary>
    public long? DraftId { get; set; }

    /// <summary>
    /// The channel's id of the press that sent it (a Kirim or Selesai button, or a word typed for one: the message's id),
    /// as <see cref="Tips.Flow.TipFlow"/> keys it: the same press or message handled again is answered with this tip's
    /// ticket, also where it names no draft. Null when nothing was pressed (a bundle sent when due) or the channel gave
    /// no id. Declared last, added last.
    /// </summary>
    public string? SentByPress { get; set; }

    /// <summary>How long <see cref="SentByPress"/> may be; a longer id is kept as its hash.</summary>
    public const int MaxSentByPressLength = 128;
}

public enum TipAttachmentState
{
    /// <summary>Referenced by the channel, not yet in our storage.</summary>
    Pending,
    Stored,

    /// <summary>Larger than Tips:MaxFileBytes; not kept.</summary>
    Refused,

    /// <summary>Could not be fetched after all attempts, or the channel cannot fetch files.</summary>
    Failed,
}

public sealed class TipAttachmentRecord
{
    /// <summary>How long a channel's file handle may be: Teams' pre-authorised download links run past 1,000 characters.</summary>
    public const int MaxChannelFileIdLength = 4000;

    public long Id { get; set; }
    public long TipId { get; set; }

    /// <summary>"photo", "document", "voice", "video".</summary>
    public required string Kind { get; set; }
    public required string ChannelFileId { get; set; }
    public string? OriginalName { get; set; }
    public string? MediaType { get; set; }

    /// <summary>Size the channel announced, then the size actually stored.</summary>
    public long? Size { get; set; }
    public TipAttachmentState State { get; set; }

    /// <summary>Relative to Tips:StoragePath.</summary>
    public string? StoredPath { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The text sent with the file (a photo's caption), kept with it for the editors; declared last, added last.</summary>
    public string? Caption { get; set; }
}

public enum TipEventKind
{
    Submitted,
    Accepted,
    Declined,
    EditorMessage,
    ContributorMessage,

    /// <summary>Linked to the article it became; the note is the article's address.</summary>
    Published,
}

/// <summary>The audit trail and the thread in one: every action on a tip is a row, messages included.</summary>
public sealed class TipEvent
{
    public long Id { get; set; }
    public long TipId { get; set; }
    public TipEventKind Kind { get; set; }

    /// <summary>Who acted: the editor's name, or "channel:user" of the author.</summary>
    public required string Actor { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The last ticket number handed out in a month ("202611").</summary>
public sealed class TipTicketCounter
{
    public required string Period { get; set; }
    public int LastNumber { get; set; }
}

/// <summary>A verified Kontributor Berita of an institution's unit.</summary>
public sealed class TipContributor
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserExternalId { get; set; }
    public string? DisplayName { get; set; }
    public required string InstitutionId { get; set; }
    public required string Unit { get; set; }
    public long? InviteId { get; set; }
    public DateTime RegisteredAt { get; set; }
}

/// <summary>An invite code; only its SHA-256 is stored, so a database reader cannot register with it.</summary>
public sealed class TipInvite
{
    public long Id { get; set; }
    public required string CodeHash { get; set; }
    public required string InstitutionId { get; set; }
    public required string Unit { get; set; }
    public int MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An author whose tips are refused (besides Tips:BlockedAuthors in configuration).</summary>
public sealed class TipBlock
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserExternalId { get; set; }
    public DateTime CreatedAt { get; set; }
}
