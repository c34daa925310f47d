namespace Humas.Bot.Channels.Telegram.Api.Types;

public sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

/// <summary>Exactly one of <see cref="Url"/> and <see cref="CallbackData"/> (1-64 UTF-8 bytes) is set.</summary>
public sealed record InlineKeyboardButton(string Text)
{
    public string? Url { get; init; }
    public string? CallbackData { get; init; }

    public static InlineKeyboardButton WithUrl(string text, string url) => new(text) { Url = url };

    public static InlineKeyboardButton WithCallback(string text, string data) => new(text) { CallbackData = data };
}
