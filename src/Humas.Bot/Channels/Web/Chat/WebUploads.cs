using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// Files a visitor attached to a tip, waiting in Web:UploadPath/{visitor}/{upload id} until the tip is sent;
/// the tip core then fetches them like any channel's files (<see cref="ITipAttachmentFetcher"/>). The
/// visitor's file name never becomes a path: the stored name is a fresh id, the original only travels in
/// the tip's row (and is made safe again where the tip core stores the file).
/// </summary>
public sealed class WebUploads(IOptions<WebOptions> web, IOptions<TipsOptions> tips) : ITipAttachmentFetcher
{
    public string Root { get; } = Path.GetFullPath(web.Value.UploadPath);

    public string Channel => WebDeliveryChannel.ChannelName;

    /// <summary>The smaller of Web:MaxUploadBytes and Tips:MaxFileBytes.</summary>
    public long MaxBytes => Math.Min(web.Value.MaxUploadBytes, tips.Value.MaxFileBytes);

    public bool Accepts(string? mediaType) =>
        mediaType is not null && web.Value.UploadTypes.Contains(mediaType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The tip flow's attachment kind for a media type.</summary>
    public static string KindOf(string mediaType) => mediaType switch
    {
        _ when mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) => "photo",
        _ when mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) => "video",
        _ when mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => "voice",
        _ => "document",
    };

    /// <summary>Copies at most <see cref="MaxBytes"/> from <paramref name="content"/>; the handle, or null when it was larger.</summary>
    public async Task<(string Handle, long Size)?> SaveAsync(string visitorId, Stream content, CancellationToken ct)
    {
        var folder = Path.Combine(Root, visitorId);
        Directory.CreateDirectory(folder);
        var uploadId = Guid.NewGuid().ToString("N");
        var path = Path.Combine(folder, uploadId);
        long size;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var capped = new CappedStream(file, MaxBytes);
            await content.CopyToAsync(capped, ct);
            size = capped.Written;
        }
        catch (Exception e) when (e is TipFileTooLargeException or OperationCanceledException or IOException)
        {
            File.Delete(path);
            if (e is TipFileTooLargeException)
            {
                return null;
            }

            throw;
        }

        return ($"{visitorId}/{uploadId}", size);
    }

    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        var path = PathOf(channelFileId) ?? throw new TipFetchException($"'{channelFileId}' is not a web upload", transient: false);
        if (!File.Exists(path))
        {
            throw new TipFetchException("the uploaded file is gone (expired before the tip was fetched)", transient: false);
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        if (file.Length > maxBytes)
        {
            throw new TipFileTooLargeException(maxBytes);
        }

        await file.CopyToAsync(destination, cancellationToken);
        return new FetchedFile(null, null);
    }

    /// <summary>Only "{32 hex}/{32 hex}" maps to a file, inside <see cref="Root"/>.</summary>
    private string? PathOf(string handle)
    {
        var parts = handle.Split('/');
        return parts is [var visitor, var upload] && IsHex(visitor) && IsHex(upload) ? Path.Combine(Root, visitor, upload) : null;

        static bool IsHex(string s) => s.Length == 32 && s.All(char.IsAsciiHexDigitLower);
    }
}
