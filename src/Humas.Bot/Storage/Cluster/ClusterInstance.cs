using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Storage.Cluster;

/// <summary>A running instance, as its own heartbeats record it (PostgreSQL deployments only).</summary>
public sealed class ClusterInstance
{
    public required string Id { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime HeartbeatAt { get; set; }
}

internal sealed class ClusterInstanceMapping : IEntityTypeConfiguration<ClusterInstance>
{
    public void Configure(EntityTypeBuilder<ClusterInstance> b)
    {
        b.ToTable("ClusterInstances");
        b.Property(x => x.Id).HasMaxLength(64);
        b.HasIndex(x => x.HeartbeatAt);
    }
}
