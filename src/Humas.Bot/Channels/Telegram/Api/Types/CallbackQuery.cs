namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>
/// A button press. <see cref="Message"/> may be inaccessible (date 0) when the message is too old;
/// <c>answerCallbackQuery</c> must be called either way.
/// </summary>
public sealed record CallbackQuery(string Id, User From)
{
    public Message? Message { get; init; }
    public string? InlineMessageId { get; init; }
    public string? ChatInstance { get; init; }
    public string? Data { get; init; }
}
