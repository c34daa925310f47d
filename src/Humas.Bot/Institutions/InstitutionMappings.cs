using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Institutions;

internal sealed class InstitutionMapping : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("Institutions");
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        // Defaults serve the rows written before these columns existed: they were all configuration's.
        b.Property(x => x.Disabled).HasDefaultValue(false).ValueGeneratedNever();
        b.Property(x => x.Origin).HasDefaultValue(InstitutionOrigin.Configuration).ValueGeneratedNever();
        b.HasIndex(x => x.Name);
    }
}

internal sealed class InstitutionHostMapping : IEntityTypeConfiguration<InstitutionHost>
{
    public void Configure(EntityTypeBuilder<InstitutionHost> b)
    {
        b.ToTable("InstitutionHosts");
        // A host belongs to one institution at most: the key says so.
        b.HasKey(x => x.Host);
        b.Property(x => x.Host).HasMaxLength(253);
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.InstitutionId);
    }
}
