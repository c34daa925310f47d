using Humas.Bot.Conversations.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// One update exactly as Telegram sent it, written before Telegram is told we have it (webhook 200, or the
/// next getUpdates offset). The key is the bot (<see cref="Account"/>) and update_id, so a redelivered update is
/// recognised and not stored twice; each bot's highest stored id is its polling offset that survives a restart.
/// </summary>
public sealed class TelegramInboxItem : InboxItem
{
    public long UpdateId { get; set; }

    /// <summary>The bot that received it: "" the shared national bot, else the institution whose bot it is. Update ids are per bot.</summary>
    public string Account { get; set; } = "";
}

internal sealed class TelegramInboxItemMapping : IEntityTypeConfiguration<TelegramInboxItem>
{
    public void Configure(EntityTypeBuilder<TelegramInboxItem> b)
    {
        b.ToTable("TelegramInbox");
        b.HasKey(x => new { x.UpdateId, x.Account });
        b.Property(x => x.Account).HasMaxLength(64);
        b.Property(x => x.UpdateId).ValueGeneratedNever();
        InboxItem.Map(b, x => new { x.ReceivedAt, x.UpdateId }, "TelegramInbox");
        // A bot's newest row, by a seek instead of a scan of the key (which leads with UpdateId): the polling offset,
        // and the row the prune keeps, which it asks for once per row it deletes.
        b.HasIndex(x => new { x.Account, x.UpdateId });
    }
}
