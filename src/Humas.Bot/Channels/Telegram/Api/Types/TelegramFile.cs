namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>
/// Telegram's <c>File</c>, renamed so it does not shadow System.IO.File. <see cref="FilePath"/> feeds
/// <see cref="ITelegramBotClient.DownloadFileAsync"/> and stays valid for at least an hour.
/// </summary>
public sealed record TelegramFile(string FileId, string FileUniqueId)
{
    public long? FileSize { get; init; }
    public string? FilePath { get; init; }
}
