namespace Humas.Bot.Delivery.Channels;

/// <summary>
/// A message in the core's words. Each channel formats it (HTML, Adaptive Card, ...); the core never does.
/// <see cref="Language"/> is "id" or "en" and picks the wording of labels the channel adds.
/// </summary>
public abstract record OutboundMessage(string Language);

/// <summary>
/// One news article with its five reaction counters (option ids 1..5, in that order), shown under it as
/// buttons. The same shape is sent again as an edit when counters or the article change. <see cref="Url"/> is
/// the link a reader opens ("Baca selengkapnya"): the counted <c>{PublicUrl}/r/{token}</c> when the service has a
/// public address, else the article's own URL, which <see cref="PageUrl"/> always is (for link previews).
/// </summary>
public sealed record ArticleMessage(
    Guid ArticleId,
    string InstitutionName,
    string Title,
    string Summary,
    string Url,
    string? ImageUrl,
    DateTime PublishedAt,
    IReadOnlyList<int> ReactionCounts,
    string Language) : OutboundMessage(Language)
{
    /// <summary>The article's own address; null means the same as <see cref="Url"/>.</summary>
    public string? PageUrl { get; init; }

    /// <summary>An item of the national narrative: each channel labels it as from the national coordinator.</summary>
    public bool National { get; init; }

    /// <summary>The line that says whom the article is from, with the national label when it is national (every channel's wording).</summary>
    public string FromLine(Localization.ITexts texts) =>
        National ? texts.Get("common.article.national", Language, InstitutionName.Trim()) : InstitutionName.Trim();

    public static IReadOnlyList<int> NoReactions { get; } = [0, 0, 0, 0, 0];
}

public enum DigestPeriod
{
    Daily,
    Weekly,
}

/// <summary>One line of a digest: a title that links to the article (the channel's counted link, like an article's <see cref="ArticleMessage.Url"/>).</summary>
public sealed record DigestEntry(Guid ArticleId, string InstitutionName, string Title, string Url);

/// <summary>
/// Part <paramref name="Part"/> of <paramref name="PartCount"/> (1-based) of a conversation's digest; the
/// engine splits long digests so each part fits <see cref="IDeliveryChannel.MaxMessageLength"/>.
/// </summary>
public sealed record DigestMessage(
    DigestPeriod Period,
    IReadOnlyList<DigestEntry> Entries,
    int Part,
    int PartCount,
    string Language) : OutboundMessage(Language);

/// <summary>Plain text, e.g. a confirmation or a notice to the reader.</summary>
public sealed record TextMessage(string Text, string Language) : OutboundMessage(Language);

/// <summary>The platform's id of a sent message, kept to edit or delete it later.</summary>
public sealed record SentMessage(string MessageId);

/// <param name="Action">Short ASCII data the channel hands back when pressed (Telegram: callback_data, at most 64 bytes).</param>
public sealed record MessageButton(string Label, string Action);

/// <summary>An article a reply offers (a search answer, a <c>/terbaru</c> line): its title, the link to open and a line about it.</summary>
/// <param name="Detail">Institution and date, e.g. "Kementerian Sosial · Senin, 23 November 2026".</param>
public sealed record MessageLink(string Title, string Url, string Detail);

/// <summary>
/// What the service says in a conversation (a command's answer, a menu, a tip's notice): plain text, no
/// markup, with rows of buttons and a list of <see cref="Links"/> below the text that each channel shows its
/// way (an HTML list, card lines, or <see cref="PlainText"/>). <paramref name="InReplyTo"/> is a message id
/// of that conversation to answer (the channel shows it as a reply where it can).
/// </summary>
public sealed record ReplyMessage(
    string Text,
    IReadOnlyList<IReadOnlyList<MessageButton>> Buttons,
    string Language,
    string? InReplyTo = null) : OutboundMessage(Language)
{
    public IReadOnlyList<MessageLink> Links { get; init; } = [];

    public static ReplyMessage Plain(string text, string language) => new(text, [], language);

    /// <summary>The text with each link below it as a numbered entry and its address on a line of its own, for channels that show plain text.</summary>
    public string PlainText() => Links.Count == 0
        ? Text
        : Text + "\n\n" + string.Join("\n\n", Links.Select((l, i) => $"{i + 1}. {l.Title}\n{l.Detail}\n{l.Url}"));
}

/// <summary>
/// Asks for a typed answer (an editor's message to a contributor). A channel with forms shows a text input
/// whose submit hands back <paramref name="SubmitAction"/> with the text; one without shows the prompt,
/// and the answer is a reply to it. <see cref="InReplyTo"/> is the message it asks about (a tip's post).
/// </summary>
public sealed record PromptMessage(string Text, string SubmitAction, string Language) : OutboundMessage(Language)
{
    public string? InReplyTo { get; init; }
}
