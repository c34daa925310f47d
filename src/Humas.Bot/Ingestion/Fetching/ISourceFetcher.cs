namespace Humas.Bot.Ingestion.Fetching;

/// <summary>Fetches a feed, listing or article page over http(s) or from a <c>file:</c> URL.</summary>
public interface ISourceFetcher
{
    /// <summary>
    /// Conditional GET when <paramref name="request"/> carries validators. Throws <see cref="FetchException"/>
    /// with a one-line reason for every failure (status, timeout, size cap, bad scheme).
    /// </summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <param name="AllowFile">
/// True only for a source an operator configured (settings or the CLI): a <c>file:</c> URL from the dashboard
/// or from a page's links must never read the service's disk.
/// </param>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, bool AllowFile = false);

public enum FetchStatus
{
    Ok,
    NotModified,
}

/// <param name="FinalUrl">Where the content was finally read from, after redirects.</param>
/// <param name="MovedPermanentlyTo">Set when every redirect on the way was permanent (301/308).</param>
/// <param name="MaxAge">From Cache-Control max-age, a lower bound on the poll interval.</param>
public sealed record FetchResult(
    FetchStatus Status,
    byte[] Body,
    string? ContentType,
    string? ETag,
    string? LastModified,
    Uri FinalUrl,
    Uri? MovedPermanentlyTo,
    TimeSpan? MaxAge);

public sealed class FetchException(string message, Exception? inner = null, bool permanent = false)
    : Exception(message, inner)
{
    /// <summary>True for failures a retry will not fix soon (404, 410, a body over the cap).</summary>
    public bool Permanent { get; } = permanent;
}
