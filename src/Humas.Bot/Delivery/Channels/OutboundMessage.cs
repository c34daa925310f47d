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
