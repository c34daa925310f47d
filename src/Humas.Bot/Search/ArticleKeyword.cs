using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Search;

/// <summary>
/// A followed keyword found in an article, written once when the article is planned (<see cref="ArticleKeywordIndex"/>).
/// The fan-out's and the digests' SQL join it to the readers' keyword subscriptions, so neither matches text per reader.
/// </summary>
public sealed class ArticleKeyword
{
    public Guid ArticleId { get; set; }
    public required string Keyword { get; set; }
}

internal sealed class ArticleKeywordMapping : IEntityTypeConfiguration<ArticleKeyword>
{
    public void Configure(EntityTypeBuilder<ArticleKeyword> b)
    {
        b.ToTable("ArticleKeywords");
        b.HasKey(x => new { x.ArticleId, x.Keyword });
        b.Property(x => x.Keyword).HasMaxLength(FollowedKeyword.MaxLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
