using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// What to say back, channel-neutral: plain text (no markup), rows of buttons, and a list of <see cref="Links"/>
/// below the text that each channel shows its way (an HTML list, card lines, or <see cref="ReplyMessage.PlainText"/>).
/// </summary>
public sealed record ChatReply(string Text, IReadOnlyList<IReadOnlyList<MessageButton>> Buttons)
{
    public IReadOnlyList<MessageLink> Links { get; init; } = [];

    public static ChatReply Plain(string text) => new(text, []);

    /// <summary>The message the gateway sends, in <paramref name="language"/>.</summary>
    public ReplyMessage ToMessage(string language, string? inReplyTo = null) => new(Text, Buttons, language, inReplyTo) { Links = Links };
}
