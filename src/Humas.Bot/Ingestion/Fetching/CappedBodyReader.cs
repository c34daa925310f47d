namespace Humas.Bot.Ingestion.Fetching;

/// <summary>
/// Reads a body into memory but never more than the cap plus one byte: the extra byte proves the body is
/// too large without downloading (or decompressing) the rest of it.
/// </summary>
internal static class CappedBodyReader
{
    public static async Task<byte[]> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(maxBytes + 1, 64 * 1024);
        using var buffer = new MemoryStream(initial);
        var chunk = new byte[initial];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
    }

    public static FetchException TooLarge(long maxBytes) =>
        new($"response is larger than the {ByteSize.Format(maxBytes)} cap", permanent: true);
}
