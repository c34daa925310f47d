namespace Humas.Bot.Ingestion.Model;

public enum ArticleOrigin
{
    Feed,
    Html,
    PublishApi,
}

/// <summary>One news story, whichever sources it came through. Times are UTC.</summary>
public sealed class Article
{
    public Guid Id { get; set; }
    public required string InstitutionId { get; set; }
    public string? SourceId { get; set; }
    public ArticleOrigin Origin { get; set; }
    public required string Url { get; set; }
    public required string CanonicalUrl { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    public string Body { get; set; } = "";
    public string? ImageUrl { get; set; }
    public string? Author { get; set; }
    public string? Category { get; set; }
    public DateTime PublishedAt { get; set; }
    public DateTime DiscoveredAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string ContentHash { get; set; }

    /// <summary>False for what a source already held on its first poll: stored, never announced.</summary>
    public bool Announced { get; set; }
    public int Revision { get; set; }

    /// <summary>
    /// The single national narrative: sent to the subscribers of every institution (each reader once), labelled as
    /// from the national coordinator. Set only by a national editor or key. Declared last: the migration adds it last.
    /// </summary>
    public bool National { get; set; }
}

/// <summary>An identity under which an article is known: a source's guid or its canonical URL.</summary>
public sealed class ArticleKey
{
    public required string Key { get; set; }
    public Guid ArticleId { get; set; }
}

/// <summary>The previous state of an article that was edited after it was first seen.</summary>
public sealed class ArticleRevision
{
    public long Id { get; set; }
    public Guid ArticleId { get; set; }
    public int Revision { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    public required string ContentHash { get; set; }
}

public enum ArticleEventKind
{
    Published,
    Updated,
}

/// <summary>
/// The durable hand-off from ingestion to delivery: written in the same transaction as the article,
/// consumed by fan-out, which marks it processed.
/// </summary>
public sealed class ArticleEvent
{
    public long Id { get; set; }
    public Guid ArticleId { get; set; }
    public ArticleEventKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime? ProcessedAt { get; set; }

    /// <summary>
    /// The W3C traceparent of the span that wrote the event (null when tracing is off), so the fan-out and every
    /// send of the article join the ingestion's trace across the durable rows.
    /// </summary>
    public string? TraceParent { get; set; }
}
