namespace Humas.Bot.Delivery.Model;

public enum DeliveryState
{
    Pending,

    /// <summary>Leased by a dispatcher until <see cref="DeliveryRecord.LeaseExpiresAt"/>.</summary>
    Sending,
    Sent,

    /// <summary>Failed transiently; waits for <see cref="DeliveryRecord.NextAttemptAt"/>.</summary>
    Retrying,

    /// <summary>Failed for good (attempts exhausted, message rejected); the reason is in LastError.</summary>
    GaveUp,

    /// <summary>Not sent because the recipient is gone.</summary>
    Skipped,
    Cancelled,

    /// <summary>Was sent, then deleted from the platform by a recall.</summary>
    Recalled,
}

public enum DeliveryKind
{
    Article,
    Digest,

    /// <summary>
    /// A message that must not be lost but is no broadcast: a tip's status to its contributor, a new tip or
    /// an editor's relay in the editors' chat. Its content is in <see cref="DeliveryRecord.Payload"/>.
    /// </summary>
    Notice,
}

/// <summary>
/// The priority stored with an outbox row (its numbers are in the database: never renumber). The gateway
/// orders calls by <see cref="Channels.SendPriority"/>; <see cref="DeliveryPriorities.ToSend"/> maps one to the other.
/// </summary>
public enum DeliveryPriority
{
    Article = 0,
    Digest = 1,
    Recall = 2,
    Correction = 3,
    CounterRefresh = 4,
    Notice = 5,
}

public static class DeliveryPriorities
{
    public static Channels.SendPriority ToSend(this DeliveryPriority priority) => priority switch
    {
        DeliveryPriority.Notice => Channels.SendPriority.Notice,
        DeliveryPriority.Article => Channels.SendPriority.Article,
        DeliveryPriority.Digest => Channels.SendPriority.Digest,
        DeliveryPriority.Recall => Channels.SendPriority.Recall,
        DeliveryPriority.Correction => Channels.SendPriority.Correction,
        _ => Channels.SendPriority.CounterRefresh,
    };
}

/// <summary>
/// One message to one conversation: the durable outbox row. An article has at most one per conversation;
/// a digest part has no article and carries its content in <see cref="Payload"/>.
/// </summary>
public sealed class DeliveryRecord
{
    public long Id { get; set; }
    public DeliveryKind Kind { get; set; }
    public Guid? ArticleId { get; set; }
    public long ConversationId { get; set; }
    public DeliveryState State { get; set; }
    public int Priority { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>The platform's id of the sent message, for counter refreshes, corrections and recalls.</summary>
    public string? MessageId { get; set; }

    /// <summary>The article revision the platform currently shows (set on send and on correction).</summary>
    public int SentRevision { get; set; }
    public string? LastError { get; set; }

    /// <summary>A digest part or a notice as JSON; null for articles, which are read fresh at send time.</summary>
    public string? Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>
    /// The W3C traceparent of the span that wrote the row (the fan-out under the article's ingestion, or the change a
    /// notice tells of); the send's span is started as its child, so one trace runs from ingestion to each send.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>When the platform reported the message delivered to the reader's device (WhatsApp statuses); null when unknown.</summary>
    public DateTime? DeliveredAt { get; set; }

    /// <summary>When the platform reported the reader opened the message (WhatsApp read receipts); null when unknown.</summary>
    public DateTime? ReadAt { get; set; }
}
