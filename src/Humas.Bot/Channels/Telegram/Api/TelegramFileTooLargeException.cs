namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>A download was stopped because the file exceeds the caller's cap; what was written is partial.</summary>
public sealed class TelegramFileTooLargeException(long maxBytes)
    : IOException($"The Telegram file is larger than the allowed {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
