using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Tips.Model;

internal sealed class TipDraftMapping : IEntityTypeConfiguration<TipDraft>
{
    public void Configure(EntityTypeBuilder<TipDraft> b)
    {
        b.ToTable("TipDrafts");
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.UserExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.ConversationExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.DisplayName).HasMaxLength(TipLimits.MaxNameLength);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Text).HasMaxLength(TipLimits.MaxTextLength);
        b.Property(x => x.ContactPhone).HasMaxLength(32);
        // The drafts open when the column was added start at 0, as new ones do; ValueGeneratedNever: the app sets it.
        b.Property(x => x.BundleAttempts).HasDefaultValue(0).ValueGeneratedNever();
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.HasIndex(x => new { x.Channel, x.UserExternalId }).IsUnique();
        // The bundle worker's "what is due".
        b.HasIndex(x => x.BundleDueAt);
    }
}

internal sealed class TipMapping : IEntityTypeConfiguration<Tip>
{
    public void Configure(EntityTypeBuilder<Tip> b)
    {
        b.ToTable("Tips");
        b.Property(x => x.Ticket).HasMaxLength(32);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ConversationExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.UserExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.AuthorName).HasMaxLength(TipLimits.MaxNameLength);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Text).HasMaxLength(TipLimits.MaxTextLength);
        b.Property(x => x.ContactPhone).HasMaxLength(32);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(200);
        b.Property(x => x.DecidedBy).HasMaxLength(200);
        b.Property(x => x.SentByPress).HasMaxLength(Tip.MaxSentByPressLength);
        b.HasIndex(x => x.Ticket).IsUnique();
        b.HasOne<TipContributor>().WithMany().HasForeignKey(x => x.ContributorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        // The daily cap and /status: an author's tips by time.
        b.HasIndex(x => new { x.Channel, x.UserExternalId, x.CreatedAt });
        // The editors' queue by state, and the leaderboard's accepted tips of a month.
        b.HasIndex(x => new { x.State, x.DecidedAt });
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TipAttachmentMapping : IEntityTypeConfiguration<TipAttachmentRecord>
{
    public void Configure(EntityTypeBuilder<TipAttachmentRecord> b)
    {
        b.ToTable("TipAttachments");
        b.Property(x => x.Kind).HasMaxLength(16);
        // Teams file links carry a long pre-authorised token in their query.
        b.Property(x => x.ChannelFileId).HasMaxLength(TipAttachmentRecord.MaxChannelFileIdLength);
        b.Property(x => x.OriginalName).HasMaxLength(255);
        b.Property(x => x.MediaType).HasMaxLength(128);
        b.Property(x => x.StoredPath).HasMaxLength(512);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.Caption).HasMaxLength(TipLimits.MaxCaptionLength);
        b.HasOne<Tip>().WithMany().HasForeignKey(x => x.TipId).OnDelete(DeleteBehavior.Cascade);
        // The fetcher's scan for due work.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
    }
}

internal sealed class TipEventMapping : IEntityTypeConfiguration<TipEvent>
{
    public void Configure(EntityTypeBuilder<TipEvent> b)
    {
        b.ToTable("TipEvents");
        b.Property(x => x.Actor).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(TipLimits.MaxTextLength);
        b.HasOne<Tip>().WithMany().HasForeignKey(x => x.TipId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TipTicketCounterMapping : IEntityTypeConfiguration<TipTicketCounter>
{
    public void Configure(EntityTypeBuilder<TipTicketCounter> b)
    {
        b.ToTable("TipTicketCounters");
        b.HasKey(x => x.Period);
        b.Property(x => x.Period).HasMaxLength(8);
    }
}

internal sealed class TipContributorMapping : IEntityTypeConfiguration<TipContributor>
{
    public void Configure(EntityTypeBuilder<TipContributor> b)
    {
        b.ToTable("TipContributors");
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.UserExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.Property(x => x.DisplayName).HasMaxLength(TipLimits.MaxNameLength);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(200);
        b.HasIndex(x => new { x.Channel, x.UserExternalId }).IsUnique();
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TipInvite>().WithMany().HasForeignKey(x => x.InviteId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TipInviteMapping : IEntityTypeConfiguration<TipInvite>
{
    public void Configure(EntityTypeBuilder<TipInvite> b)
    {
        b.ToTable("TipInvites");
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(200);
        b.HasIndex(x => x.CodeHash).IsUnique();
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TipBlockMapping : IEntityTypeConfiguration<TipBlock>
{
    public void Configure(EntityTypeBuilder<TipBlock> b)
    {
        b.ToTable("TipBlocks");
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.UserExternalId).HasMaxLength(SubscriptionService.MaxIdLength);
        b.HasIndex(x => new { x.Channel, x.UserExternalId }).IsUnique();
    }
}
