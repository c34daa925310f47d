namespace Humas.Bot.Conversations.Commands;

/// <param name="Action">Short ASCII data the channel hands back when pressed (Telegram: callback_data, at most 64 bytes).</param>
public sealed record ChatButton(string Label, string Action);

/// <summary>An article a reply offers (a search answer, a <c>/terbaru</c> line): its title, the link to open and a line about it.</summary>
/// <param name="Detail">Institution and date, e.g. "Kementerian Sosial · Senin, 23 November 2026".</param>
public sealed record ChatLink(string Title, string Url, string Detail);

/// <summary>
/// What to say back, channel-neutral: plain text (no markup), rows of buttons, and a list of <see cref="Links"/>
/// below the text that each channel shows its way (an HTML list, card lines, or <see cref="PlainText"/>).
/// </summary>
public sealed record ChatReply(string Text, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons)
{
    public IReadOnlyList<ChatLink> Links { get; init; } = [];

    public static ChatReply Plain(string text) => new(text, []);

    /// <summary>The text with each link below it as a numbered entry and its address on a line of its own, for channels that show plain text.</summary>
    public string PlainText() => Links.Count == 0
        ? Text
        : Text + "\n\n" + string.Join("\n\n", Links.Select((l, i) => $"{i + 1}. {l.Title}\n{l.Detail}\n{l.Url}"));
}
