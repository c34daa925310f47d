using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// Files a visitor attaches to a tip, kept in the <see cref="FileStore"/> under "web/{visitor}/{upload id}" (the
/// visitor's file name never becomes a key) until the tip is sent, when the tip core takes them over by key
/// (<see cref="ITipAttachmentFetcher.StoredKey"/>); a cancelled draft discards them at once.
/// </summary>
public sealed class WebUploads(FileStore store, IOptions<WebOptions> web, IOptions<TipsOptions> tips, TimeProvider time) : ITipAttachmentFetcher
{
    private const string Prefix = "web/";
    private const long Megabyte = 1024 * 1024;

    public string Channel => WebDeliveryChannel.ChannelName;

    /// <summary>The smaller of Web:MaxUploadBytes and Tips:MaxFileBytes.</summary>
    public long MaxBytes => Math.Min(web.Value.MaxUploadBytes, tips.Value.MaxFileBytes);

    public bool Accepts(string? mediaType) =>
        mediaType is not null && web.Value.UploadTypes.Contains(mediaType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The tip flow's attachment kind for a media type.</summary>
    public static AttachmentKind KindOf(string mediaType) => mediaType switch
    {
        _ when mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) => AttachmentKind.Photo,
        _ when mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) => AttachmentKind.Video,
        _ when mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => AttachmentKind.Voice,
        _ => AttachmentKind.Document,
    };

    /// <summary>The store's owner of a visitor's files, as the tip core names authors ("web:{visitor}").</summary>
    public static string Owner(string visitorId) => WebDeliveryChannel.ChannelName + ":" + visitorId;

    /// <summary>
    /// Null when the visitor and the address may still store <paramref name="reserve"/> bytes today
    /// (Web:UploadMegabytesPerVisitorPerDay, Web:UploadMegabytesPerIpPerDay), else which quota is used up.
    /// </summary>
    public async Task<string?> QuotaProblemAsync(string visitorId, string clientIp, long reserve, CancellationToken ct)
    {
        var (byVisitor, byAddress) = await store.StoredSinceAsync(Owner(visitorId), clientIp, time.GetUtcNow().UtcDateTime.AddDays(-1), ct);
        return byVisitor + reserve > web.Value.UploadMegabytesPerVisitorPerDay * Megabyte ? "visitor"
            : byAddress + reserve > web.Value.UploadMegabytesPerIpPerDay * Megabyte ? "address"
            : null;
    }

    /// <summary>A new upload's writer: room reserved (budget and disk floor checked), at most <see cref="MaxBytes"/>.</summary>
    public async Task<(string Handle, StoredFileWriter Writer)> CreateAsync(string visitorId, string clientIp, long reserve, CancellationToken ct)
    {
        var handle = $"{visitorId}/{Guid.NewGuid():N}";
        return (handle, await store.CreateAsync(Prefix + handle, Owner(visitorId), clientIp, reserve, MaxBytes, ct));
    }

    public string? StoredKey(string channelFileId) => IsHandle(channelFileId) ? Prefix + channelFileId : null;

    public Task DiscardAsync(string channelFileId, CancellationToken cancellationToken) =>
        IsHandle(channelFileId) ? store.DeleteAsync(Prefix + channelFileId, cancellationToken) : Task.CompletedTask;

    /// <summary>Expired uploads of tips never sent.</summary>
    public Task<int> DeleteOlderAsync(DateTime before, CancellationToken ct) => store.DeleteOlderAsync(Prefix, before, ct);

    /// <summary>Only for a handle the store no longer takes over (kept for the interface): copies the bytes.</summary>
    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        if (StoredKey(channelFileId) is not { } key)
        {
            throw new TipFetchException($"'{channelFileId}' is not a web upload", transient: false);
        }

        await using var file = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new TipFetchException("the uploaded file is gone (expired before the tip was fetched)", transient: false);
        await file.CopyToAsync(destination, cancellationToken);
        return new FetchedFile(null, null);
    }

    /// <summary>Only "{32 hex}/{32 hex}" is a web upload.</summary>
    private static bool IsHandle(string handle) =>
        handle.Split('/') is [var visitor, var upload] && IsHex(visitor) && IsHex(upload);

    private static bool IsHex(string s) => s.Length == 32 && s.All(char.IsAsciiHexDigitLower);
}
