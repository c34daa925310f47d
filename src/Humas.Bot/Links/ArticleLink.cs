using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Links;

/// <summary>
/// The short address <c>{PublicUrl}/r/{Token}</c> that stands for one article on one channel. It names no reader:
/// everyone on a channel gets the same token, so a click says "someone on Telegram opened this article" and nothing more.
/// </summary>
public sealed class ArticleLink
{
    public long Id { get; set; }

    /// <summary>12 URL-safe characters from 72 random bits: short in a message, not guessable.</summary>
    public required string Token { get; set; }
    public Guid ArticleId { get; set; }
    public required string Channel { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The clicks on one link in one Jakarta calendar day: reports add them up per article, channel, institution and period.</summary>
public sealed class ArticleClickDay
{
    public long LinkId { get; set; }
    public DateOnly Day { get; set; }
    public int Clicks { get; set; }
}

internal sealed class ArticleLinkMapping : IEntityTypeConfiguration<ArticleLink>
{
    public void Configure(EntityTypeBuilder<ArticleLink> b)
    {
        b.ToTable("ArticleLinks");
        b.Property(x => x.Token).HasMaxLength(16);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.HasIndex(x => x.Token).IsUnique();
        b.HasIndex(x => new { x.ArticleId, x.Channel }).IsUnique();
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleClickDayMapping : IEntityTypeConfiguration<ArticleClickDay>
{
    public void Configure(EntityTypeBuilder<ArticleClickDay> b)
    {
        b.ToTable("ArticleClicks");
        b.HasKey(x => new { x.LinkId, x.Day });
        // Period reports read by day first.
        b.HasIndex(x => x.Day);
        b.HasOne<ArticleLink>().WithMany().HasForeignKey(x => x.LinkId).OnDelete(DeleteBehavior.Cascade);
    }
}
