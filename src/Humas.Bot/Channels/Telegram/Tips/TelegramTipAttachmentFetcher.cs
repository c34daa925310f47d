using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Tips.Attachments;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// getFile, then the download, into the core's destination. Telegram's refusals of the file itself (400:
/// invalid file_id, "file is too big"; 403) never heal and fail at once; 5xx, 429, other statuses and
/// network failures are retried by the core. The name and type come from file_path, and the core keeps
/// the tip row's own (the document's name, the photo's type) when it has them.
/// </summary>
public sealed class TelegramTipAttachmentFetcher(TelegramBots bots) : ITipAttachmentFetcher
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    public string Channel => "telegram";

    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        // The file was sent to one bot and only its token can fetch it.
        var (account, fileId) = TelegramMessages.ReadFileReference(channelFileId);
        if (bots.Find(account)?.Api is not { IsEnabled: true } api)
        {
            // Retried with backoff: the files are still there once the token is configured again.
            throw new TipFetchException(account.Length == 0 ? "Telegram is off (Telegram:Token is empty)" : $"{account}'s Telegram bot is not configured (Institutions:N:Telegram:Token)", transient: true);
        }

        try
        {
            var file = await api.Client.GetFile(fileId, cancellationToken);
            if (file.FileSize > maxBytes)
            {
                throw new TipFileTooLargeException(maxBytes);
            }

            if (string.IsNullOrEmpty(file.FilePath))
            {
                throw new TipFetchException("Telegram gave no file_path for the file", transient: false);
            }

            await api.DownloadFileAsync(file.FilePath, destination, maxBytes, cancellationToken);
            var name = Path.GetFileName(file.FilePath);
            return new FetchedFile(
                string.IsNullOrEmpty(name) ? null : name,
                Types.TryGetContentType(file.FilePath, out var type) ? type : null);
        }
        catch (TelegramFileTooLargeException)
        {
            throw new TipFileTooLargeException(maxBytes);
        }
        catch (ApiRequestException e) when (e.Message.Contains("file is too big", StringComparison.OrdinalIgnoreCase))
        {
            // Telegram lets bots download at most 20 MB; past that the file can never be fetched.
            throw new TipFileTooLargeException(maxBytes);
        }
        catch (ApiRequestException e)
        {
            var transient = e.IsServerError() || e.IsFloodWait() || e.ErrorCode is not (400 or 403);
            throw new TipFetchException($"Telegram file fetch failed: {e.ErrorCode} {e.Description()}", transient, e);
        }
        catch (RequestException e)
        {
            // Timed out, unreachable, or an answer that is not the Bot API's: worth another try later.
            throw new TipFetchException($"Telegram file fetch failed: {e.Description()}", transient: true, e);
        }
        catch (ArgumentException e)
        {
            // A file_path with "." or ".." segments: never fetched.
            throw new TipFetchException($"Telegram file fetch refused: {e.Message}", transient: false, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TipFetchException("Telegram file fetch timed out", transient: true, e);
        }
    }
}
