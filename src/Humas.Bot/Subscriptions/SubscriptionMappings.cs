using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Subscriptions;

internal sealed class ConversationMapping : IEntityTypeConfiguration<Conversation>
{
    /// <summary>Room for Teams' serviceUrl (up to 512), tenant and team ids as JSON; a channel keeps its data within it.</summary>
    public const int MaxChannelDataLength = 2048;

    /// <summary>An institution id's length (<c>Institutions.Id</c>).</summary>
    public const int MaxAccountLength = 64;

    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("Conversations");
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.StatusReason).HasMaxLength(500);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.ChannelData).HasMaxLength(MaxChannelDataLength);
        b.Property(x => x.Account).HasMaxLength(MaxAccountLength).HasDefaultValue(ConversationAddress.SharedAccount);
        b.Ignore(x => x.Address);
        // A platform's id names one conversation per account (bot); the adapters look conversations up by it.
        b.HasIndex(x => new { x.Channel, x.ExternalId, x.Account }).IsUnique();
        // The fan-out's once-per-person rule finds a person's other conversations by it where ids differ per account (Teams).
        b.Property(x => x.PersonId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.HasIndex(x => new { x.Channel, x.PersonId });
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
        // The fan-out reads the distinct followed keywords once per article (Search.ArticleKeywordIndex). Partial,
        // on keyword rows only: an index on (Target, Value) over every row led PostgreSQL's planner away from the
        // ConversationId index in the fan-out's EXISTS probe (100,000 readers took two minutes instead of seconds).
        b.HasIndex(x => x.Value, "IX_Subscriptions_Keywords").HasFilter("\"Target\" = 'Keyword'");
    }
}

internal sealed class ChatMoveMapping : IEntityTypeConfiguration<ChatMove>
{
    public void Configure(EntityTypeBuilder<ChatMove> b)
    {
        b.ToTable("ChatMoves");
        b.HasKey(x => new { x.Channel, x.FromExternalId });
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.FromExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.ToExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
    }
}
