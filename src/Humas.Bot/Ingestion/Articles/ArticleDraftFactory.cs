using Humas.Bot.Ingestion.Identity;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;

namespace Humas.Bot.Ingestion.Articles;

/// <summary>Turns what a feed or listing said into a clean draft: plain text, summary, byline, institution.</summary>
public sealed class ArticleDraftFactory(ArticleText text, InstitutionHostMap institutions)
{
    public const int MaxTitleLength = 1000;

    /// <returns>Null for an item that has no http(s) link to read it at.</returns>
    public ArticleDraft? FromFeedItem(Source source, FeedItem item, ArticleOrigin origin)
    {
        var link = item.Link;
        if (!UrlCanonicalizer.TryCanonicalize(link, out _))
        {
            link = UrlCanonicalizer.TryCanonicalize(item.Guid, out _) ? item.Guid : null;
        }

        if (link is null || link.Length > 2048)
        {
            return null;
        }

        var body = text.HtmlToText(item.ContentHtml ?? item.SummaryHtml ?? "");
        var summarySource = item.SummaryHtml is not null && item.ContentHtml is not null
            ? text.HtmlToText(item.SummaryHtml)
            : body;
        // Parsers hand over titles as plain text, already through the HTML-to-text path.
        var title = Truncate(text.CleanLine(item.Title));
        if (title.Length == 0)
        {
            title = Truncate(text.Summarize(body, 120));
        }

        if (title.Length == 0)
        {
            return null;
        }

        return new ArticleDraft
        {
            InstitutionId = institutions.FindByUrl(link) ?? source.InstitutionId,
            SourceId = source.Id,
            Origin = origin,
            Url = link,
            SourceGuid = item.Guid,
            Title = title,
            Body = body,
            Summary = text.Summarize(summarySource.Length > 0 ? summarySource : body),
            ImageUrl = item.ImageUrl ?? item.Enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true)?.Url,
            Author = string.IsNullOrWhiteSpace(item.Author) ? text.FindByline(body) : item.Author.Trim(),
            Category = source.Category ?? item.Categories.FirstOrDefault(),
            PublishedAt = (item.PublishedAt ?? item.UpdatedAt)?.UtcDateTime,
        };
    }

    private static string Truncate(string value) => value.Length <= MaxTitleLength ? value : value[..MaxTitleLength];
}
