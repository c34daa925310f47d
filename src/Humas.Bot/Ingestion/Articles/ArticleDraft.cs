using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Articles;

/// <summary>A cleaned article as a source or the publish API describes it, before it is matched and stored.</summary>
public sealed record ArticleDraft
{
    public required string InstitutionId { get; init; }
    public string? SourceId { get; init; }
    public ArticleOrigin Origin { get; init; }

    /// <summary>Absolute http(s) URL of the article page.</summary>
    public required string Url { get; init; }

    /// <summary>The source's own id for the item (RSS guid, Atom id), scoped to <see cref="SourceId"/>.</summary>
    public string? SourceGuid { get; init; }
    public required string Title { get; init; }
    public string Summary { get; init; } = "";
    public string Body { get; init; } = "";
    public string? ImageUrl { get; init; }
    public string? Author { get; init; }
    public string? Category { get; init; }

    /// <summary>UTC; null when the source gave no date (the discovery time is used).</summary>
    public DateTime? PublishedAt { get; init; }

    /// <summary>The national narrative (<see cref="Model.Article.National"/>); taken when the article is first stored.</summary>
    public bool National { get; init; }
}
