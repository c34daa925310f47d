namespace Humas.Bot.Tips.Attachments;

/// <summary>What a fetcher learned about a file while copying it (null when the channel does not say).</summary>
public sealed record FetchedFile(string? FileName, string? MediaType);

/// <summary>
/// One per channel that carries files (Telegram: getFile and the download). Copies the file behind
/// <paramref name="channelFileId"/> into <paramref name="destination"/>. The core wraps the destination so
/// writing more than <paramref name="maxBytes"/> fails with <see cref="TipFileTooLargeException"/>; a fetcher
/// that knows the size earlier should throw it before downloading. Throw
/// <see cref="TipFetchException"/> with Transient=false for a file that can never be fetched; any other
/// exception counts as transient and is retried with backoff.
/// </summary>
public interface ITipAttachmentFetcher
{
    /// <summary>"telegram", "teams", "web": the tip's channel.</summary>
    string Channel { get; }

    Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// The file store key when the channel already keeps the file in the <see cref="Storage.Files.FileStore"/> (the
    /// web chat's uploads): the tip then takes it over without a copy. Null for channels that fetch.
    /// </summary>
    string? StoredKey(string channelFileId) => null;

    /// <summary>A draft holding this file was cancelled or dropped: free what the channel keeps for it, at once.</summary>
    Task DiscardAsync(string channelFileId, CancellationToken cancellationToken) => Task.CompletedTask;
}

public class TipFetchException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}

public sealed class TipFileTooLargeException(long maxBytes)
    : TipFetchException($"the file is larger than {maxBytes} bytes", transient: false)
{
    public long MaxBytes { get; } = maxBytes;
}
