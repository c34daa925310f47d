using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Html;

/// <summary>
/// Reads a ministry's HTML news listing as a feed: follows each article link on it through the fetcher
/// and takes title, date, body, image and byline with the source's CSS selectors. Article pages are
/// fetched one after another, which is polite to the small government servers these sites run on.
/// </summary>
public sealed partial class HtmlListingReader(
    ISourceFetcher fetcher,
    IOptions<IngestionOptions> options,
    NewsDateParser dates,
    TimeProvider time,
    ILogger<HtmlListingReader> log)
{
    private readonly ArticleText text = new();

    /// <summary>
    /// A feed of the listing's articles in page order. An article page that fails is logged and
    /// skipped; a listing where <see cref="HtmlSelectors.ItemLink"/> matches nothing gives an empty feed.
    /// </summary>
    /// <exception cref="ArgumentException">A selector is missing or is not valid CSS.</exception>
    public async Task<ParsedFeed> ReadAsync(Uri listUrl, byte[] listHtml, HtmlSelectors selectors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        ArgumentNullException.ThrowIfNull(listHtml);
        ArgumentNullException.ThrowIfNull(selectors);
        HtmlDocuments.Validate(selectors);

        using var listing = HtmlDocuments.Parse(listHtml);
        var links = ListingLinks.Select(
            listing, selectors.ItemLink, HtmlDocuments.BaseUri(listing, listUrl), options.Value.MaxArticlesPerListing);
        var title = HtmlDocuments.Meta(listing, "og:site_name") ?? NullIfBlank(listing.Title?.Trim());
        if (links.Count == 0)
        {
            LogNoLinks(listUrl, selectors.ItemLink);
        }

        var items = new List<FeedItem>(links.Count);
        foreach (var link in links)
        {
            ct.ThrowIfCancellationRequested();
            var item = await ReadArticleAsync(listUrl, link, selectors, ct);
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return new ParsedFeed(FeedFormat.HtmlListing, title, listUrl.AbsoluteUri, null, items);
    }

    private async Task<FeedItem?> ReadArticleAsync(Uri listUrl, Uri link, HtmlSelectors selectors, CancellationToken ct)
    {
        try
        {
            var page = await fetcher.FetchAsync(new FetchRequest(link, AllowFile: listUrl.IsFile), ct);
            if (page.Status != FetchStatus.Ok)
            {
                LogSkipped(link, listUrl, $"fetch answered {page.Status}");
                return null;
            }

            using var document = HtmlDocuments.Parse(page.Body);
            var pageUrl = HtmlDocuments.BaseUri(document, page.FinalUrl);
            var item = new ArticlePage(document, pageUrl, selectors, dates, text).Read(link, time.GetUtcNow());
            if (item is null)
            {
                LogSkipped(link, listUrl, "the page has no title");
            }

            return item;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // One broken page must not cost the other articles on the listing.
            LogFailed(e, link, listUrl, e.Message);
            return null;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {ListingUrl} has no links matching {ItemLinkSelector}")]
    private partial void LogNoLinks(Uri listingUrl, string itemLinkSelector);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped article {ArticleUrl} from listing {ListingUrl}: {Reason}")]
    private partial void LogSkipped(Uri articleUrl, Uri listingUrl, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped article {ArticleUrl} from listing {ListingUrl}: {Reason}")]
    private partial void LogFailed(Exception exception, Uri articleUrl, Uri listingUrl, string reason);
}
