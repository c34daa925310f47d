namespace Humas.Bot.Ingestion.Model;

public enum FeedFormat
{
    Rss2,
    Atom,
    Rdf,
    HtmlListing,
}

/// <summary>What a parser read from a feed or a listing, before cleanup and de-duplication.</summary>
/// <param name="Title">The feed's name as plain text.</param>
/// <param name="Description">The feed's description (RSS) or subtitle (Atom) as plain text.</param>
public sealed record ParsedFeed(FeedFormat Format, string? Title, string? Link, TimeSpan? Ttl, IReadOnlyList<FeedItem> Items, string? Description = null);

/// <summary>
/// One entry as the source described it. Links are absolute; HTML fields are raw (not yet cleaned).
/// </summary>
public sealed record FeedItem
{
    public string? Guid { get; init; }
    public string? Link { get; init; }
    public string Title { get; init; } = "";
    public string? SummaryHtml { get; init; }
    public string? ContentHtml { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? ImageUrl { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
}

public sealed record FeedEnclosure(string Url, string? MediaType, long? Length);
