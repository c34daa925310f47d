using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Identity;

namespace Humas.Bot.Publishing;

/// <summary>The body of <c>POST /api/articles</c>.</summary>
public sealed record PublishArticleRequest(
    string? Institution,
    string? Title,
    string? Url,
    string? Summary,
    string? Body,
    string? ImageUrl,
    DateTimeOffset? PublishedAt,
    string? Category,
    bool? National = null)
{
    public const int MaxSummaryLength = 2000;
    public const int MaxBodyLength = 200_000;

    /// <summary>Every failing field with its reason, keyed by the JSON (camelCase) name.</summary>
    public Dictionary<string, string[]> Validate(Func<string, bool> institutionExists)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(Institution))
        {
            Fail("institution", "Required.");
        }
        else if (!institutionExists(Institution))
        {
            Fail("institution", $"Unknown or disabled institution '{Institution}'.");
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            Fail("title", "Required.");
        }
        else if (Title.Length > ArticleDraftFactory.MaxTitleLength)
        {
            Fail("title", $"At most {ArticleDraftFactory.MaxTitleLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(Url))
        {
            Fail("url", "Required.");
        }
        else if (Url.Length > 2048 || !UrlCanonicalizer.TryCanonicalize(Url, out _))
        {
            Fail("url", "Must be an absolute http or https URL of at most 2048 characters.");
        }

        if (ImageUrl is not null && (ImageUrl.Length > 2048 || !UrlCanonicalizer.TryCanonicalize(ImageUrl, out _)))
        {
            Fail("imageUrl", "Must be an absolute http or https URL of at most 2048 characters.");
        }

        if (Summary is { Length: > MaxSummaryLength })
        {
            Fail("summary", $"At most {MaxSummaryLength} characters.");
        }

        if (Body is { Length: > MaxBodyLength })
        {
            Fail("body", $"At most {MaxBodyLength} characters.");
        }

        if (Category is { Length: > 100 })
        {
            Fail("category", "At most 100 characters.");
        }

        return errors;
    }
}

/// <summary>The answer to <c>POST /api/articles</c>.</summary>
public sealed record PublishArticleResponse(string Id, string Url, bool Created);
