using Humas.Bot.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Alerts;

internal sealed class IncidentMapping : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("Incidents");
        b.Property(x => x.Key).HasMaxLength(200);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Summary).HasMaxLength(1000);
        // One open incident per cause, whichever instance detects it: the database refuses a second.
        b.HasIndex(x => x.Key).IsUnique().HasFilter("\"ResolvedAt\" IS NULL").HasDatabaseName("IX_Incidents_Key_Open");
        b.HasIndex(x => new { x.Key, x.ResolvedAt });
        b.HasIndex(x => x.OpenedAt);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertNotificationMapping : IEntityTypeConfiguration<AlertNotification>
{
    public void Configure(EntityTypeBuilder<AlertNotification> b)
    {
        b.ToTable("AlertNotifications");
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.State, x.NotBefore });
        b.HasIndex(x => new { x.Audience, x.InstitutionId, x.SentAt });
        b.HasIndex(x => x.IncidentId);
    }
}
