namespace Humas.Bot.Conversations.Commands;

/// <param name="Action">Short ASCII data the channel hands back when pressed (Telegram: callback_data, at most 64 bytes).</param>
public sealed record ChatButton(string Label, string Action);

/// <summary>What to say back, channel-neutral: plain text (no markup) and rows of buttons.</summary>
public sealed record ChatReply(string Text, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons)
{
    public static ChatReply Plain(string text) => new(text, []);
}
