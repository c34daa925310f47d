using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Admin.Audit;

/// <summary>
/// One action taken in the dashboard: who, what, on which object, when. Tip decisions and messages are also in
/// TipEvents (the Tips part's own trail); this log adds assignments and everything outside tips.
/// </summary>
public sealed class AdminAuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }

    /// <summary>"tip.accept", "tip.assign", "article.recall", "user.add", "apikey.revoke", "source.edit", ...</summary>
    public required string Action { get; set; }

    /// <summary>"tip", "article", "user", "apikey", "source", "invite".</summary>
    public required string TargetKind { get; set; }
    public required string TargetId { get; set; }
    public string? Detail { get; set; }
}

/// <summary>The editor a tip is assigned to; one row per assigned tip, replaced on re-assignment.</summary>
public sealed class TipAssignment
{
    public long TipId { get; set; }
    public required string AssignedTo { get; set; }
    public required string AssignedBy { get; set; }
    public DateTime AssignedAt { get; set; }
}

/// <summary>
/// A point of a source's health history: failures, recoveries, polls that found articles, and manual checks
/// (a 304 on a healthy source is not worth a row).
/// </summary>
public sealed class SourceHealthEvent
{
    public long Id { get; set; }
    public required string SourceId { get; set; }
    public DateTime At { get; set; }
    public bool Success { get; set; }
    public int Created { get; set; }

    /// <summary>"poll" or "check" (the dashboard's "check now").</summary>
    public required string Trigger { get; set; }
    public string? Error { get; set; }
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

internal sealed class TipAssignmentMapping : IEntityTypeConfiguration<TipAssignment>
{
    public void Configure(EntityTypeBuilder<TipAssignment> b)
    {
        b.ToTable("TipAssignments");
        b.HasKey(x => x.TipId);
        b.Property(x => x.TipId).ValueGeneratedNever();
        b.Property(x => x.AssignedTo).HasMaxLength(256);
        b.Property(x => x.AssignedBy).HasMaxLength(256);
    }
}

internal sealed class SourceHealthEventMapping : IEntityTypeConfiguration<SourceHealthEvent>
{
    public void Configure(EntityTypeBuilder<SourceHealthEvent> b)
    {
        b.ToTable("SourceHealthEvents");
        b.Property(x => x.SourceId).HasMaxLength(64);
        b.Property(x => x.Trigger).HasMaxLength(16);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => new { x.SourceId, x.At });
    }
}
