using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Storage.Audit;

/// <summary>
/// One action an editor or operator took, in the dashboard or with the command line: who, what, on which object,
/// when. Tip decisions and messages are also in TipEvents (the Tips part's own trail); this log adds assignments and
/// everything outside tips. Kept in Storage so that every part's operator actions can be audited without a part
/// depending on the dashboard.
/// </summary>
public sealed class AdminAuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }

    /// <summary>"tip.accept", "tip.assign", "article.recall", "user.add", "apikey.revoke", "source.edit", ...</summary>
    public required string Action { get; set; }

    /// <summary>"tip", "article", "user", "apikey", "source", "invite", "conversation", "institution", "author".</summary>
    public required string TargetKind { get; set; }
    public required string TargetId { get; set; }
    public string? Detail { get; set; }
}

internal sealed class AdminAuditMapping : IEntityTypeConfiguration<AdminAuditEntry>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> b)
    {
        b.ToTable("AdminAudit");
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.TargetKind).HasMaxLength(32);
        b.Property(x => x.TargetId).HasMaxLength(64);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.HasIndex(x => new { x.TargetKind, x.TargetId });
    }
}
