using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Admin.Audit;

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
