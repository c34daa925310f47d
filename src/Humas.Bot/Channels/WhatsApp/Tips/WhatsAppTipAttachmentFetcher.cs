using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Tips.Attachments;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// A file sent with a tip: the media endpoint gives a download URL valid for 5 minutes, fetched at once with
/// the bearer token. Looked up afresh on every attempt, so a retry never uses an expired URL. Media ids live
/// 7 days; after that (or for an unknown id) Meta answers 4xx and the file is given up. A file sent to an
/// institution's own number is fetched with that number's token (<see cref="WhatsAppFiles"/>); while that number is
/// not configured, the fetch fails and is tried again later.
/// </summary>
public sealed class WhatsAppTipAttachmentFetcher(WhatsAppCloudApi api, WhatsAppNumbers numbers) : ITipAttachmentFetcher
{
    public string Channel => WhatsAppDeliveryChannel.ChannelName;

    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        var (account, mediaId) = WhatsAppFiles.Read(channelFileId);
        var number = numbers.Find(account)
            ?? throw new TipFetchException($"WhatsApp media {mediaId}: no number is configured for institution '{account}'", transient: true);
        try
        {
            var info = await api.GetMediaAsync(number, mediaId, cancellationToken);
            if (info.FileSize > maxBytes)
            {
                throw new TipFileTooLargeException(maxBytes);
            }

            if (info.Url is not { Length: > 0 } url)
            {
                throw new TipFetchException("the media endpoint gave no URL", transient: false);
            }

            using var response = await api.DownloadAsync(number, url, cancellationToken);
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new TipFileTooLargeException(maxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(destination, cancellationToken);
            return new FetchedFile(null, info.MimeType ?? response.Content.Headers.ContentType?.MediaType);
        }
        catch (GraphApiException e) when (e.Status is >= 400 and < 500 and not 408 and not 429 && e.Code is not WhatsAppFailureClassifier.Throughput)
        {
            throw new TipFetchException($"WhatsApp media {mediaId}: {e.Message}", transient: false, e);
        }
    }
}
