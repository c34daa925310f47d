using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Conversations.Commands;

/// <summary>What to say back, channel-neutral: plain text (no markup) and rows of buttons.</summary>
public sealed record ChatReply(string Text, IReadOnlyList<IReadOnlyList<MessageButton>> Buttons)
{
    public static ChatReply Plain(string text) => new(text, []);

    /// <summary>The message the gateway sends, in <paramref name="language"/>.</summary>
    public ReplyMessage ToMessage(string language, string? inReplyTo = null) => new(Text, Buttons, language, inReplyTo);
}
