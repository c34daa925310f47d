using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage.Files;

/// <summary>Thrown before anything is written when the storage budget or the disk's free-space floor would be passed.</summary>
public sealed class StorageFullException(string message) : Exception(message);

/// <summary>Thrown by a <see cref="StoredFileWriter"/> at the first byte past its cap; nothing of the file is kept.</summary>
public sealed class FileTooLargeException(long maxBytes) : Exception($"the file is larger than {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}

public sealed record StoredFileInfo(string Key, long Size, string? MediaType, string Owner, DateTime CreatedAt);

/// <summary>
/// Files received with tips and chat uploads, where every instance reads them: in the database (chunks of
/// <see cref="ChunkBytes"/>, streamed both ways, never whole in memory) or in a shared folder
/// (<see cref="FileStoreOptions.StoragePath"/>). The catalogue (<see cref="StoredFile"/>) is always in the
/// database: the storage budget and the upload quotas count it, and a write reserves its room there first.
/// </summary>
public sealed class FileStore(
    IDbContextFactory<HumasDbContext> factory, IOptions<FileStoreOptions> options, IConfiguration configuration, TimeProvider time)
{
    public const int ChunkBytes = 256 * 1024;
    private const long Megabyte = 1024 * 1024;
    private readonly FileStoreOptions _options = options.Value;
    private readonly SemaphoreSlim _reserving = new(1, 1);

    /// <summary>The shared folder, or null when files live in the database.</summary>
    public string? Folder { get; } = options.Value.InDatabase ? null : Path.GetFullPath(options.Value.StoragePath);

    /// <summary>
    /// Reserves <paramref name="reserve"/> bytes under <paramref name="key"/> (refused with
    /// <see cref="StorageFullException"/> when the budget or the free-space floor would be passed) and returns a
    /// stream that takes at most <paramref name="maxBytes"/> (then <see cref="FileTooLargeException"/>).
    /// Nothing is kept unless <see cref="StoredFileWriter.CommitAsync"/> is called.
    /// </summary>
    public async Task<StoredFileWriter> CreateAsync(string key, string owner, string? clientIp, long reserve, long maxBytes, CancellationToken ct)
    {
        await _reserving.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var used = await db.Set<StoredFile>().SumAsync(f => (long?)f.Size, ct) ?? 0;
            if (used + reserve > _options.MaxStorageMegabytes * Megabyte)
            {
                throw new StorageFullException($"the storage budget (Tips:MaxStorageMegabytes = {_options.MaxStorageMegabytes}) is used up");
            }

            if (FreeBytes() is { } free && free - reserve < _options.MinFreeDiskMegabytes * Megabyte)
            {
                throw new StorageFullException($"the disk has less than Tips:MinFreeDiskMegabytes ({_options.MinFreeDiskMegabytes}) free");
            }

            var row = new StoredFile { Key = key, Owner = owner, ClientIp = clientIp, Size = reserve, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Add(row);
            await db.SaveChangesAsync(ct);
            return new StoredFileWriter(this, factory, row.Id, Folder is null ? null : PathOf(key), maxBytes);
        }
        finally
        {
            _reserving.Release();
        }
    }

    public async Task<StoredFileInfo?> FindAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<StoredFile>().AsNoTracking().Where(f => f.Key == key && f.Complete)
            .Select(f => new StoredFileInfo(f.Key, f.Size, f.MediaType, f.Owner, f.CreatedAt)).SingleOrDefaultAsync(ct);
    }

    /// <summary>The file's bytes, read chunk by chunk; null when there is no such (complete) file.</summary>
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var id = await db.Set<StoredFile>().Where(f => f.Key == key && f.Complete).Select(f => (long?)f.Id).SingleOrDefaultAsync(ct);
        if (Folder is not null)
        {
            // Files from before the catalogue (Tips:StoragePath of earlier versions) have no row: the folder answers.
            var path = PathOf(key);
            return path is not null && File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        }

        return id is { } fileId ? new ChunkReadStream(factory, fileId) : null;
    }

    /// <summary>
    /// Gives a stored file a new key (a chat upload becomes a tip's file). In the database only the row's key changes.
    /// In the folder the bytes must follow the key, and the file system and the database cannot change together: the
    /// file is copied to its new name, the key saved, and only then is the old name removed. Whatever step fails or is
    /// cut short, the row names a file that is there (the old name until the save, the new one after it) and calling
    /// again finishes the job. A move before the save would leave the row naming a file already gone if the save failed
    /// (and the bytes under a name no row has, never freed); a save before the move, the same until the move. The copy
    /// briefly takes the file's size twice on the disk.
    /// </summary>
    /// <returns>False when no complete file has the old key (never stored, deleted, or already renamed).</returns>
    public async Task<bool> RenameAsync(string from, string to, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Set<StoredFile>().SingleOrDefaultAsync(f => f.Key == from && f.Complete, ct);
        var (source, target) = (PathOf(from), PathOf(to));
        if (row is null)
        {
            // Renamed already by a call that stopped before removing the old name: the old name goes now.
            if (source is not null && target is not null && !await db.Set<StoredFile>().AnyAsync(f => f.Key == from, ct)
                && await db.Set<StoredFile>().AnyAsync(f => f.Key == to && f.Complete, ct))
            {
                TryDelete(source);
            }

            return false;
        }

        // Another file's name: its bytes must not be overwritten by the copy (the save would fail on the unique key anyway).
        if (await db.Set<StoredFile>().AnyAsync(f => f.Key == to, ct))
        {
            throw new InvalidOperationException($"the file store already has a file named '{to}'");
        }

        if (Folder is not null && target is null)
        {
            throw new ArgumentException($"'{to}' is not a key the folder can hold", nameof(to));
        }

        // Without the old file there is nothing to copy: an earlier version moved it before its save failed.
        if (source is not null && target is not null && File.Exists(source))
        {
            // Under a temporary name first, as a writer does, so a copy cut short never stands under the real one.
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Copy(source, target + ".part", overwrite: true);
                File.Move(target + ".part", target, overwrite: true);
            }
            catch (IOException)
            {
                TryDelete(target + ".part");
                throw;
            }
        }

        row.Key = to;
        await db.SaveChangesAsync(ct);
        if (source is not null)
        {
            TryDelete(source);
        }

        return true;
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var id = await db.Set<StoredFile>().Where(f => f.Key == key).Select(f => (long?)f.Id).SingleOrDefaultAsync(ct);
        if (id is { } fileId)
        {
            await DeleteAsync(fileId, ct);
        }
    }

    /// <summary>Files under <paramref name="prefix"/> older than <paramref name="before"/> (uploads of tips never sent); how many.</summary>
    public async Task<int> DeleteOlderAsync(string prefix, DateTime before, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await db.Set<StoredFile>().Where(f => f.Key.StartsWith(prefix) && f.CreatedAt < before).Select(f => f.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await DeleteAsync(id, ct);
        }

        return ids.Count;
    }

    /// <summary>Bytes stored since <paramref name="since"/> by one owner and, separately, from one address.</summary>
    public async Task<(long ByOwner, long ByAddress)> StoredSinceAsync(string owner, string? clientIp, DateTime since, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var files = db.Set<StoredFile>().Where(f => f.CreatedAt >= since);
        var byOwner = await files.Where(f => f.Owner == owner).SumAsync(f => (long?)f.Size, ct) ?? 0;
        var byAddress = clientIp is null ? 0 : await files.Where(f => f.ClientIp == clientIp).SumAsync(f => (long?)f.Size, ct) ?? 0;
        return (byOwner, byAddress);
    }

    internal async Task DeleteAsync(long fileId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var key = await db.Set<StoredFile>().Where(f => f.Id == fileId).Select(f => f.Key).SingleOrDefaultAsync(ct);
        await db.Set<StoredFileChunk>().Where(c => c.FileId == fileId).ExecuteDeleteAsync(ct);
        await db.Set<StoredFile>().Where(f => f.Id == fileId).ExecuteDeleteAsync(ct);
        if (Folder is not null && key is not null && PathOf(key) is { } path)
        {
            TryDelete(path);
            TryDelete(path + ".part");
        }
    }

    /// <summary>Only keys made of safe segments map to a path, always inside the folder.</summary>
    internal string? PathOf(string key)
    {
        if (Folder is null || key.Split('/').Any(s => s.Length == 0 || s is "." or ".." || s.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(Folder, key));
        return path.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }

    /// <summary>Free bytes where the bytes go: the folder's disk, or the SQLite file's; null for PostgreSQL.</summary>
    private long? FreeBytes()
    {
        string? where = Folder;
        if (where is null)
        {
            var connection = configuration.GetConnectionString(StorageRegistration.ConnectionStringName) ?? "";
            if (configuration["Database:Provider"] is { } provider && provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.Length == 0 ? StorageRegistration.DefaultSqliteConnection : connection).DataSource;
            where = Path.GetDirectoryName(Path.GetFullPath(source));
        }

        if (where is null)
        {
            return null;
        }

        Directory.CreateDirectory(where);
        return new DriveInfo(where).AvailableFreeSpace;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or in use by a reader on another instance; the row is what counts.
        }
    }
}
