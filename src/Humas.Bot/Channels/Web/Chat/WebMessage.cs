using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// One message in a visitor's web chat: what the bot sent (articles, digests, replies, tip notices) and what
/// the visitor wrote. Stored so a closed page loses nothing; the page shows them again when reopened.
/// <see cref="Payload"/> is the <see cref="WebMessageView"/> as JSON. Edits rewrite it and bump
/// <see cref="UpdatedAt"/>; a delete (recall) keeps the row with <see cref="DeletedAt"/> so open pages learn of it.
/// </summary>
public sealed class WebMessage
{
    public long Id { get; set; }
    public required string VisitorId { get; set; }
    public required string Kind { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

internal sealed class WebMessageMapping : IEntityTypeConfiguration<WebMessage>
{
    public void Configure(EntityTypeBuilder<WebMessage> b)
    {
        b.ToTable("WebMessages");
        b.Property(x => x.VisitorId).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.HasIndex(x => new { x.VisitorId, x.Id });
        b.HasIndex(x => x.CreatedAt);
    }
}
