using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Subscriptions;

internal sealed class ConversationMapping : IEntityTypeConfiguration<Conversation>
{
    /// <summary>Room for Teams' serviceUrl (up to 512), tenant and team ids as JSON; a channel keeps its data within it.</summary>
    public const int MaxChannelDataLength = 2048;

    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("Conversations");
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.StatusReason).HasMaxLength(500);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.ChannelData).HasMaxLength(MaxChannelDataLength);
        b.Ignore(x => x.Address);
        // A platform's id names one conversation; the adapters look conversations up by it.
        b.HasIndex(x => new { x.Channel, x.ExternalId }).IsUnique();
    }
}

internal sealed class SubscriptionMapping : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> b)
    {
        b.ToTable("Subscriptions");
        b.Property(x => x.Value).HasMaxLength(100);
        b.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // Subscribing twice is a no-op; the fan-out's EXISTS probe uses this index by ConversationId.
        b.HasIndex(x => new { x.ConversationId, x.Target, x.Value }).IsUnique();
    }
}
