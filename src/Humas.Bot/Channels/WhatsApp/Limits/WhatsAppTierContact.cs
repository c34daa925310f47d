using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>
/// A reader a number of <see cref="Portfolio"/> reached outside the 24-hour window (a template) within the rolling day:
/// the portfolio's rows with <see cref="At"/> in the last 24 hours are its messaging-tier count. In the database, so
/// every instance counts the same readers and a restart forgets none.
/// </summary>
public sealed class WhatsAppTierContact
{
    public required string WaId { get; set; }

    /// <summary>When the reader was first reached in the current rolling day (a later template within it does not count again).</summary>
    public DateTime At { get; set; }

    /// <summary>
    /// The business portfolio that reached the reader (<see cref="WhatsAppNumber.Portfolio"/>, "" the national one): a
    /// reader reached by two portfolios is counted in each, as Meta counts each portfolio's readers.
    /// </summary>
    public string Portfolio { get; set; } = WhatsAppNumber.NationalPortfolio;
}

internal sealed class WhatsAppTierContactMapping : IEntityTypeConfiguration<WhatsAppTierContact>
{
    public void Configure(EntityTypeBuilder<WhatsAppTierContact> b)
    {
        b.ToTable("WhatsAppTierContacts");
        // WaId first: the retention clean-up finds its batches by it (BatchedDelete, the key's first column).
        b.HasKey(x => new { x.WaId, x.Portfolio });
        b.Property(x => x.WaId).HasMaxLength(32).HasColumnOrder(0);
        b.Property(x => x.At).HasColumnOrder(1);
        // Added to a table that had rows (the national portfolio's, hence the default), so it is the last column.
        b.Property(x => x.Portfolio).HasMaxLength(64).HasColumnOrder(2)
            .HasDefaultValue(WhatsAppNumber.NationalPortfolio).ValueGeneratedNever();
        b.HasIndex(x => x.At);
        // A portfolio's count and a claim's rank: that portfolio's rows of the rolling day.
        b.HasIndex(x => new { x.Portfolio, x.At });
    }
}
