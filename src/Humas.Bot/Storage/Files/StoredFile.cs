using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Storage.Files;

/// <summary>
/// One file in the <see cref="FileStore"/>: its catalogue row (always in the database, so every instance sees the
/// budget and the quotas) and, with the database backend, its bytes in <see cref="StoredFileChunk"/>s.
/// </summary>
public sealed class StoredFile
{
    public long Id { get; set; }

    /// <summary>"web/{visitor}/{upload}" while a chat upload waits, "{ticket}/{name}" once it belongs to a tip.</summary>
    public required string Key { get; set; }

    /// <summary>Who brought it, "channel:user" ("web:{visitor}", "telegram:123"), for the per-visitor quota.</summary>
    public required string Owner { get; set; }

    /// <summary>The uploader's address (web uploads only), for the per-IP quota.</summary>
    public string? ClientIp { get; set; }

    /// <summary>Bytes written; while <see cref="Complete"/> is false, the space reserved for the write.</summary>
    public long Size { get; set; }

    /// <summary>From the file's first bytes when they are recognised (<see cref="FileSniffer"/>), else the sender's claim.</summary>
    public string? MediaType { get; set; }

    public DateTime CreatedAt { get; set; }
    public bool Complete { get; set; }
}

/// <summary>A slice of a file's bytes (the database backend streams files in and out in these).</summary>
public sealed class StoredFileChunk
{
    public long FileId { get; set; }
    public int Seq { get; set; }
    public required byte[] Data { get; set; }
}

internal sealed class StoredFileMapping : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.ToTable("StoredFiles");
        b.Property(x => x.Key).HasMaxLength(300);
        b.Property(x => x.Owner).HasMaxLength(600);
        b.Property(x => x.ClientIp).HasMaxLength(64);
        b.Property(x => x.MediaType).HasMaxLength(128);
        b.HasIndex(x => x.Key).IsUnique();
        // The quotas: what one owner or one address stored lately.
        b.HasIndex(x => new { x.Owner, x.CreatedAt });
        b.HasIndex(x => new { x.ClientIp, x.CreatedAt });
    }
}

internal sealed class StoredFileChunkMapping : IEntityTypeConfiguration<StoredFileChunk>
{
    public void Configure(EntityTypeBuilder<StoredFileChunk> b)
    {
        b.ToTable("StoredFileChunks");
        b.HasKey(x => new { x.FileId, x.Seq });
        b.HasOne<StoredFile>().WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Cascade);
    }
}
