using System.Text.Json;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Ingestion.Model;

internal sealed class SourceMapping : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> b)
    {
        b.ToTable("Sources");
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.ConfiguredUrl).HasMaxLength(2048);
        b.Property(x => x.Category).HasMaxLength(100);
        b.Property(x => x.ETag).HasMaxLength(512);
        b.Property(x => x.LastModified).HasMaxLength(128);
        b.Property(x => x.LastError).HasMaxLength(1000);
        // Selectors are configuration, read whole and never queried: one JSON text column.
        b.Property(x => x.Selectors)
            .HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => v == null ? null : JsonSerializer.Deserialize<HtmlSelectors>(v, JsonSerializerOptions.Web),
                new ValueComparer<HtmlSelectors?>(
                    (a, c) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(c, JsonSerializerOptions.Web),
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
                    v => v == null ? null : JsonSerializer.Deserialize<HtmlSelectors>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)))
            .HasMaxLength(4000);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.NextPollAt);
        // The column default serves rows written before the column existed. EF sends the value itself: with a
        // store default equal to the CLR default it would otherwise read every new row's Origin back
        // (INSERT ... RETURNING), which made adding 10,000 configured sources at start twice as slow.
        b.Property(x => x.Origin).HasDefaultValue(SourceOrigin.Configuration).ValueGeneratedNever();
    }
}

internal sealed class ArticleMapping : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.ToTable("Articles");
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.SourceId).HasMaxLength(64);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.CanonicalUrl).HasMaxLength(2048);
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.ImageUrl).HasMaxLength(2048);
        b.Property(x => x.Author).HasMaxLength(200);
        b.Property(x => x.Category).HasMaxLength(100);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ContentHash);
        b.HasIndex(x => x.PublishedAt);
        b.HasIndex(x => x.CanonicalUrl);
        b.Property(x => x.National).HasDefaultValue(false).ValueGeneratedNever();
    }
}

internal sealed class ArticleKeyMapping : IEntityTypeConfiguration<ArticleKey>
{
    public void Configure(EntityTypeBuilder<ArticleKey> b)
    {
        b.ToTable("ArticleKeys");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(2100);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ArticleId);
    }
}

internal sealed class ArticleRevisionMapping : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> b)
    {
        b.ToTable("ArticleRevisions");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ArticleId);
    }
}

internal sealed class ArticleEventMapping : IEntityTypeConfiguration<ArticleEvent>
{
    public void Configure(EntityTypeBuilder<ArticleEvent> b)
    {
        b.ToTable("ArticleEvents");
        b.Property(x => x.TraceParent).HasMaxLength(TraceParent.MaxLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // Fan-out scans for unprocessed events in id order.
        b.HasIndex(x => new { x.ProcessedAt, x.Id });
        b.HasIndex(x => x.ArticleId);
    }
}
