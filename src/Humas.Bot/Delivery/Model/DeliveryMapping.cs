using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Delivery.Model;

internal sealed class DeliveryMapping : IEntityTypeConfiguration<DeliveryRecord>
{
    public void Configure(EntityTypeBuilder<DeliveryRecord> b)
    {
        b.ToTable("Deliveries");
        b.Property(x => x.LeaseOwner).HasMaxLength(64);
        b.Property(x => x.MessageId).HasMaxLength(128);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.TraceParent).HasMaxLength(TraceParent.MaxLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // Fan-out idempotency: ON CONFLICT on this index makes a re-run insert nothing twice.
        b.HasIndex(x => new { x.ArticleId, x.ConversationId }).IsUnique();
        // The dispatcher's lease scan: due queued rows, and expired leases.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
    }
}
