using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage.Files;

/// <summary>Reads a database-stored file one chunk at a time, so a 20 MB attachment never sits whole in memory.</summary>
internal sealed class ChunkReadStream(IDbContextFactory<HumasDbContext> factory, long fileId) : Stream
{
    private byte[] _chunk = [];
    private int _offset;
    private int _seq;
    private bool _done;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _chunk.Length)
        {
            if (_done)
            {
                return 0;
            }

            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var next = await db.Set<StoredFileChunk>().AsNoTracking().Where(c => c.FileId == fileId && c.Seq == _seq)
                .Select(c => c.Data).SingleOrDefaultAsync(cancellationToken);
            _seq++;
            if (next is null)
            {
                _done = true;
                return 0;
            }

            (_chunk, _offset) = (next, 0);
        }

        var take = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, take).CopyTo(buffer);
        _offset += take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
