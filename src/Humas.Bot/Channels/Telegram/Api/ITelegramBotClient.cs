namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// The narrow seam to the Bot API, small enough that Telegram.Bot could stand behind it later.
/// Errors: <see cref="TelegramApiException"/> for every Telegram error reply (and non-JSON error bodies);
/// network failures and timeouts surface unchanged as <see cref="HttpRequestException"/> and
/// <see cref="TaskCanceledException"/>.
/// </summary>
public interface ITelegramBotClient
{
    Task<TResult> SendAsync<TResult>(ITelegramRequest<TResult> request, CancellationToken ct);

    /// <summary>
    /// Copies <c>{base}/file/bot{token}/{filePath}</c> (from getFile) into <paramref name="destination"/> and
    /// returns the bytes written; throws <see cref="TelegramFileTooLargeException"/> past <paramref name="maxBytes"/>.
    /// </summary>
    Task<long> DownloadFileAsync(string filePath, Stream destination, long maxBytes, CancellationToken ct);
}
