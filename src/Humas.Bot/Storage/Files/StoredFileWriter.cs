using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage.Files;

/// <summary>
/// A write-only stream into the <see cref="FileStore"/>: chunk rows (database) or a ".part" file (folder), capped
/// at its maximum. <see cref="CommitAsync"/> records the size and the media type read from the first bytes;
/// disposing without committing removes everything written and the reservation.
/// </summary>
public sealed class StoredFileWriter : Stream
{
    private readonly FileStore _store;
    private readonly IDbContextFactory<HumasDbContext> _factory;
    private readonly long _fileId;
    private readonly string? _path;
    private readonly long _maxBytes;
    private readonly FileStream? _file;
    private readonly byte[] _buffer;
    private readonly byte[] _head = new byte[FileSniffer.HeadLength];
    private int _buffered;
    private int _headLength;
    private int _seq;
    private bool _committed;
    private bool _disposed;

    internal StoredFileWriter(FileStore store, IDbContextFactory<HumasDbContext> factory, long fileId, string? path, long maxBytes)
    {
        _store = store;
        _factory = factory;
        _fileId = fileId;
        _path = path;
        _maxBytes = maxBytes;
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _file = new FileStream(path + ".part", FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            _buffer = [];
        }
        else
        {
            _buffer = new byte[FileStore.ChunkBytes];
        }
    }

    public long Written { get; private set; }

    /// <summary>The media type the first bytes show (<see cref="FileSniffer"/>), null when unknown.</summary>
    public string? DetectedType(string? claimed = null) => FileSniffer.Detect(_head.AsSpan(0, _headLength), claimed);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (Written + data.Length > _maxBytes)
        {
            throw new FileTooLargeException(_maxBytes);
        }

        if (_headLength < _head.Length)
        {
            var take = Math.Min(_head.Length - _headLength, data.Length);
            data.Span[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        Written += data.Length;
        if (_file is not null)
        {
            await _file.WriteAsync(data, cancellationToken);
            return;
        }

        while (data.Length > 0)
        {
            var take = Math.Min(_buffer.Length - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsMemory(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == _buffer.Length)
            {
                await FlushChunkAsync(cancellationToken);
            }
        }
    }

    public override void Flush()
    {
    }

    /// <summary>Keeps the file: the last chunk, its real size and its media type (<paramref name="mediaType"/> when given).</summary>
    public async Task<StoredFileInfo> CommitAsync(string? mediaType, CancellationToken ct)
    {
        if (_file is not null)
        {
            await _file.FlushAsync(ct);
            await _file.DisposeAsync();
            File.Move(_path + ".part", _path!, overwrite: true);
        }
        else if (_buffered > 0)
        {
            await FlushChunkAsync(ct);
        }

        await using var db = await _factory.CreateDbContextAsync(ct);
        var row = await db.Set<StoredFile>().SingleAsync(f => f.Id == _fileId, ct);
        row.Size = Written;
        row.MediaType = mediaType is { Length: > 128 } ? mediaType[..128] : mediaType;
        row.Complete = true;
        await db.SaveChangesAsync(ct);
        _committed = true;
        return new StoredFileInfo(row.Key, row.Size, row.MediaType, row.Owner, row.CreatedAt);
    }

    private async Task FlushChunkAsync(CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        db.Add(new StoredFileChunk { FileId = _fileId, Seq = _seq++, Data = _buffer.AsSpan(0, _buffered).ToArray() });
        await db.SaveChangesAsync(ct);
        _buffered = 0;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        if (!_committed)
        {
            // A refused, cut or failed write leaves nothing: no chunk, no part file, no reservation.
            await _store.DeleteAsync(_fileId, CancellationToken.None);
        }

        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
