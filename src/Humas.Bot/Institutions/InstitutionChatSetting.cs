using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Institutions;

/// <summary>
/// One setting of an institution's editors' chat on one channel (<see cref="Channel"/> "telegram",
/// <see cref="Name"/> "EditorsChatId"): seeded from <c>Institutions:N:&lt;Channel&gt;:...</c> and set on the
/// dashboard. The core stores it as text and knows no channel: the channel that named the field reads it
/// (<see cref="IInstitutionChatFields"/>). An empty <see cref="Value"/> was cleared on the dashboard: the channel's
/// global editors' chat serves the institution, and configuration does not fill it in again (see
/// <see cref="InstitutionCatalog"/>).
/// </summary>
public sealed class InstitutionChatSetting
{
    /// <summary>Longest value stored: a Teams conversation id or service URL is far shorter.</summary>
    public const int MaxValueLength = 500;

    public required string InstitutionId { get; set; }
    public required string Channel { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
}

internal sealed class InstitutionChatSettingMapping : IEntityTypeConfiguration<InstitutionChatSetting>
{
    public void Configure(EntityTypeBuilder<InstitutionChatSetting> b)
    {
        b.ToTable("InstitutionChatSettings");
        b.HasKey(x => new { x.InstitutionId, x.Channel, x.Name });
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Value).HasMaxLength(InstitutionChatSetting.MaxValueLength);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
