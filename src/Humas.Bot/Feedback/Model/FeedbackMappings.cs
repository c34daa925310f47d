using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Feedback.Model;

internal sealed class VoteMapping : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> b)
    {
        b.ToTable("Votes");
        // "channel:" + the platform user id (Teams user ids can be long too).
        b.Property(x => x.VoterKey).HasMaxLength(Vote.MaxVoterKeyLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // One current vote per reader per article: concurrent first presses cannot both insert.
        b.HasIndex(x => new { x.ArticleId, x.VoterKey }).IsUnique();
    }
}

internal sealed class ReactionTallyMapping : IEntityTypeConfiguration<ReactionTallyRow>
{
    public void Configure(EntityTypeBuilder<ReactionTallyRow> b)
    {
        b.ToTable("ReactionTallies");
        b.HasKey(x => new { x.ArticleId, x.OptionId });
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReactionRefreshMapping : IEntityTypeConfiguration<ReactionRefresh>
{
    public void Configure(EntityTypeBuilder<ReactionRefresh> b)
    {
        b.ToTable("ReactionRefreshes");
        b.HasKey(x => x.ArticleId);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // The refresher's scan: what is due now.
        b.HasIndex(x => x.DueAt);
    }
}

internal sealed class CountedPressMapping : IEntityTypeConfiguration<CountedPress>
{
    public void Configure(EntityTypeBuilder<CountedPress> b)
    {
        b.ToTable("CountedPresses");
        b.HasKey(x => x.PressId);
        b.Property(x => x.PressId).HasMaxLength(CountedPress.MaxPressIdLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // The janitor's scan: what is past the retention.
        b.HasIndex(x => x.CountedAt);
    }
}
