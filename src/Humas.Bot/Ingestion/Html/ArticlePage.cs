using AngleSharp.Dom;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Ingestion.Html;

/// <summary>
/// One article page read through a source's selectors, each part with fallbacks to the metadata most
/// news pages carry (Open Graph, article:published_time), because selectors rot when sites are redesigned.
/// </summary>
internal sealed class ArticlePage(IDocument document, Uri pageUrl, HtmlSelectors selectors, NewsDateParser dates, ArticleText text)
{
    private static readonly string[] BodyFallbacks = ["[itemprop=articleBody]", "article", "main", "body"];

    private static readonly string[] ImageAttributes = ["data-src", "data-lazy-src", "data-original", "src"];

    /// <summary>The item, or null when the page has no title (an error page or not an article).</summary>
    public FeedItem? Read(Uri link, DateTimeOffset now)
    {
        var title = Title();
        if (title.Length == 0)
        {
            return null;
        }

        var body = Body();
        var bodyText = body is null ? "" : text.HtmlToText(body.OuterHtml);
        var category = HtmlDocuments.Meta(document, "article:section");
        return new FeedItem
        {
            Link = link.AbsoluteUri,
            Title = title,
            PublishedAt = PublishedAt(bodyText, now),
            UpdatedAt = ParseDate(HtmlDocuments.Meta(document, "article:modified_time", "dateModified"), now),
            SummaryHtml = HtmlDocuments.Meta(document, "description", "og:description"),
            ContentHtml = body?.InnerHtml.Trim(),
            ImageUrl = Image()?.AbsoluteUri,
            Author = Byline(bodyText),
            Categories = category is null ? [] : [category],
        };
    }

    private string Title()
    {
        var candidates = new[]
        {
            TextOf(Select(selectors.Title)),
            HtmlDocuments.Meta(document, "og:title"),
            TextOf(document.QuerySelector("h1")),
            document.Title,
        };
        return candidates.Select(c => Clean(c)).FirstOrDefault(c => c.Length > 0) ?? "";
    }

    private DateTimeOffset? PublishedAt(string bodyText, DateTimeOffset now)
    {
        var element = Select(selectors.Date);
        if (element is not null)
        {
            foreach (var value in new[] { element.GetAttribute("datetime"), element.GetAttribute("content"), element.TextContent })
            {
                if (ParseDate(value, now) is { } parsed)
                {
                    return parsed;
                }
            }

            if (dates.TryFind(element.TextContent, now, out var found))
            {
                return found;
            }
        }

        var meta = ParseDate(HtmlDocuments.Meta(document, "article:published_time", "datePublished", "pubdate"), now)
            ?? ParseDate(document.QuerySelector("time[datetime]")?.GetAttribute("datetime"), now);
        if (meta is not null)
        {
            return meta;
        }

        // Kemensos prints the date only in the story: "..., Rabu (21/8/2019)".
        return dates.TryFind(bodyText, now, out var inBody) ? inBody : null;
    }

    private IElement? Body()
    {
        var body = Select(selectors.Body) ?? BodyFallbacks.Select(document.QuerySelector).FirstOrDefault(e => e is not null);
        if (body is not null && !string.IsNullOrWhiteSpace(selectors.Remove))
        {
            foreach (var unwanted in body.QuerySelectorAll(selectors.Remove).ToList())
            {
                unwanted.Remove();
            }
        }

        return body;
    }

    private Uri? Image()
    {
        var element = Select(selectors.Image);
        if (element is not null && element.LocalName is not ("img" or "meta" or "source" or "a"))
        {
            element = element.QuerySelector("img");
        }

        var candidates = element is null
            ? []
            : element.LocalName switch
            {
                "meta" => [element.GetAttribute("content")],
                "a" => [element.GetAttribute("href")],
                _ => ImageAttributes.Select(element.GetAttribute).Append(FirstSrcset(element.GetAttribute("srcset"))),
            };
        return candidates.Append(HtmlDocuments.Meta(document, "og:image", "twitter:image"))
            .Select(c => HtmlDocuments.Resolve(pageUrl, c))
            .FirstOrDefault(u => u is not null);
    }

    private string? Byline(string bodyText)
    {
        var selected = Clean(TextOf(Select(selectors.Byline)));
        if (selected.Length > 0)
        {
            // "Pewarta : Asriani/Nova" in the selected element still loses its label.
            return text.FindByline(selected) ?? selected;
        }

        return text.FindByline(bodyText);
    }

    private DateTimeOffset? ParseDate(string? value, DateTimeOffset now) =>
        dates.TryParse(value, now, out var parsed) ? parsed : null;

    private IElement? Select(string? selector) =>
        string.IsNullOrWhiteSpace(selector) ? null : document.QuerySelector(selector);

    private static string? TextOf(IElement? element) =>
        element is null ? null : element.LocalName == "meta" ? element.GetAttribute("content") : element.TextContent;

    private static string Clean(string? value) => value is null ? "" : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        .Replace("\u200B", "", StringComparison.Ordinal);

    private static string? FirstSrcset(string? srcset) =>
        srcset?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(candidate => candidate.Split(' ')[0]).FirstOrDefault();
}
