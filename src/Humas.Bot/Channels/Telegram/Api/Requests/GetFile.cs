using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Channels.Telegram.Api.Requests;

/// <summary>Returns the file_path for <see cref="ITelegramBotClient.DownloadFileAsync"/>.</summary>
public sealed record GetFile(string FileId) : ITelegramRequest<TelegramFile>
{
    [JsonIgnore]
    public string Method => "getFile";
}
