using Humas.Bot.Conversations.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

public enum WhatsAppItemKind
{
    /// <summary>A reader's message (<c>value.messages[]</c>); the key is its wamid.</summary>
    Message,

    /// <summary>A status of a message we sent (<c>value.statuses[]</c>); the key is "wamid/status".</summary>
    Status,

    /// <summary>
    /// A prompt we sent (a <c>PromptMessage</c>): the key is "prompt/wamid", the payload the action its answer
    /// submits. WhatsApp has no forms: the answer is the reader's reply to the prompt (<c>context.id</c>).
    /// </summary>
    Prompt,
}

/// <summary>
/// One message or status from a signed webhook, exactly as Meta sent it, written before Meta is told we have
/// it (the 200). The key makes a redelivery (Meta retries for up to 7 days) a no-op. Message rows are also the
/// record of the 24-hour customer-service window: the newest message from a reader opens it.
/// </summary>
public sealed class WhatsAppInboxItem : InboxItem
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public WhatsAppItemKind Kind { get; set; }

    /// <summary>The reader's wa_id: the sender of a message, the recipient of a status.</summary>
    public required string WaId { get; set; }

    /// <summary>The item's own timestamp (when the reader wrote, when the status happened); the arrival time if it had none.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>For a failed status: Meta's error code (131047 closes the window).</summary>
    public int? ErrorCode { get; set; }

    /// <summary>
    /// The number the item came to or concerns (<see cref="Humas.Bot.Subscriptions.ConversationAddress.Account"/>): ""
    /// the national one, else its institution's own. A window is a reader's with one number. Declared last, as its column was added.
    /// </summary>
    public string Account { get; set; } = Humas.Bot.Subscriptions.ConversationAddress.SharedAccount;

    // Payload: the item's JSON, with the sender's profile name beside it for messages.
}

internal sealed class WhatsAppInboxItemMapping : IEntityTypeConfiguration<WhatsAppInboxItem>
{
    public void Configure(EntityTypeBuilder<WhatsAppInboxItem> b)
    {
        b.ToTable("WhatsAppInbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Key).HasMaxLength(300);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.WaId).HasMaxLength(32);
        // The database default is for the rows the column was added to; never generated, so the inbox's multi-row insert
        // (which leaves out the columns the database fills) writes it.
        b.Property(x => x.Account).HasMaxLength(Humas.Bot.Subscriptions.ConversationMapping.MaxAccountLength)
            .HasDefaultValue(Humas.Bot.Subscriptions.ConversationAddress.SharedAccount).ValueGeneratedNever();
        InboxItem.Map(b, x => x.Id, "WhatsAppInbox");
        // The window check: a reader's newest message and newest 131047.
        b.HasIndex(x => new { x.WaId, x.Kind, x.OccurredAt });
        // Account was added to a table that had rows, so it is its last column (ADD COLUMN); the model would put a declared
        // property before the base class's. Every column's place is named, so a table made from the model has that order too.
        string[] order =
        [
            nameof(WhatsAppInboxItem.Id), nameof(WhatsAppInboxItem.Key), nameof(WhatsAppInboxItem.Kind), nameof(WhatsAppInboxItem.WaId),
            nameof(WhatsAppInboxItem.OccurredAt), nameof(WhatsAppInboxItem.ErrorCode), nameof(InboxItem.Payload), nameof(InboxItem.ReceivedAt),
            nameof(InboxItem.ProcessedAt), nameof(InboxItem.Attempts), nameof(InboxItem.LastError), nameof(InboxItem.TraceParent),
            nameof(WhatsAppInboxItem.Account),
        ];
        for (var i = 0; i < order.Length; i++)
        {
            b.Property(order[i]).HasColumnOrder(i);
        }
    }
}
