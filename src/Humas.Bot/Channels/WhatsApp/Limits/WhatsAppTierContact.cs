using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>
/// A reader the number reached outside the 24-hour window (a template) within the rolling day: the rows with
/// <see cref="At"/> in the last 24 hours are the portfolio's messaging-tier count. In the database, so every
/// instance counts the same readers and a restart forgets none.
/// </summary>
public sealed class WhatsAppTierContact
{
    public required string WaId { get; set; }

    /// <summary>When the reader was first reached in the current rolling day (a later template within it does not count again).</summary>
    public DateTime At { get; set; }
}

internal sealed class WhatsAppTierContactMapping : IEntityTypeConfiguration<WhatsAppTierContact>
{
    public void Configure(EntityTypeBuilder<WhatsAppTierContact> b)
    {
        b.ToTable("WhatsAppTierContacts");
        b.HasKey(x => x.WaId);
        b.Property(x => x.WaId).HasMaxLength(32);
        b.HasIndex(x => x.At);
    }
}
