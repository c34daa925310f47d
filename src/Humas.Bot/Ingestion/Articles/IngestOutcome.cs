namespace Humas.Bot.Ingestion.Articles;

public enum IngestResult
{
    /// <summary>A new article; announced unless it was part of a source's first poll.</summary>
    Created,

    /// <summary>A known article whose content changed: updated and recorded, not announced again.</summary>
    Updated,
    Unchanged,

    /// <summary>The same story already known from another source or URL (content hash).</summary>
    Duplicate,
}

public sealed record IngestOutcome(Guid ArticleId, IngestResult Result);
