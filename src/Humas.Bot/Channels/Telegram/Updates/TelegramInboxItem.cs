using Humas.Bot.Conversations.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// One update exactly as Telegram sent it, written before Telegram is told we have it (webhook 200, or the
/// next getUpdates offset). The key is update_id, so a redelivered update is recognised and not stored
/// twice; the highest stored id is the polling offset that survives a restart.
/// </summary>
public sealed class TelegramInboxItem : InboxItem
{
    public long UpdateId { get; set; }
}

internal sealed class TelegramInboxItemMapping : IEntityTypeConfiguration<TelegramInboxItem>
{
    public void Configure(EntityTypeBuilder<TelegramInboxItem> b)
    {
        b.ToTable("TelegramInbox");
        b.HasKey(x => x.UpdateId);
        b.Property(x => x.UpdateId).ValueGeneratedNever();
        InboxItem.Map(b);
    }
}
