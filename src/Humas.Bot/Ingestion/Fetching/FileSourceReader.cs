using System.Globalization;

namespace Humas.Bot.Ingestion.Fetching;

/// <summary>
/// Reads <c>file:</c> sources (the bundled demo feed, operators' local files) with the same size cap as HTTP.
/// The file's modification time stands in for Last-Modified so conditional polling works for files too.
/// </summary>
internal static class FileSourceReader
{
    public static async Task<FetchResult> ReadAsync(FetchRequest request, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FetchException($"file not found: {file.FullName}", permanent: true);
        }

        var lastModified = file.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture);
        if (request.LastModified == lastModified)
        {
            return new FetchResult(FetchStatus.NotModified, [], null, null, lastModified, request.Url, null, null);
        }

        if (file.Length > maxBytes)
        {
            throw CappedBodyReader.TooLarge(maxBytes);
        }

        try
        {
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
            // Capped again while reading: the file may grow between the size check and the read.
            var body = await CappedBodyReader.ReadAsync(stream, maxBytes, cancellationToken);
            return new FetchResult(FetchStatus.Ok, body, ContentTypeOf(file.Extension), null, lastModified, request.Url, null, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new FetchException($"cannot read {file.FullName}: {exception.Message}", exception);
        }
    }

    private static string? ContentTypeOf(string extension) => extension.ToLowerInvariant() switch
    {
        ".xml" or ".rss" or ".atom" or ".rdf" => "application/xml",
        ".html" or ".htm" => "text/html",
        ".json" => "application/json",
        _ => null,
    };
}
