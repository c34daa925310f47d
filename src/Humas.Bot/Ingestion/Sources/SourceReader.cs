using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Html;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Sources;

/// <summary>What one read of a source produced; <see cref="Feed"/> is null when the source answered 304.</summary>
public sealed record SourceReadResult(FetchResult Fetch, ParsedFeed? Feed, IReadOnlyList<ArticleDraft> Drafts, int SkippedItems);

/// <summary>
/// Fetch, parse and clean one source. Shared by the poller and by <c>sources check</c>, which must show
/// exactly what the poller would see.
/// </summary>
public sealed class SourceReader(
    ISourceFetcher fetcher,
    FeedParser feeds,
    HtmlListingReader listings,
    ArticleDraftFactory drafts)
{
    public async Task<SourceReadResult> ReadAsync(Source source, CancellationToken ct)
    {
        var url = SourceUrl.Resolve(source.Url);
        var fetch = await fetcher.FetchAsync(new FetchRequest(url, source.ETag, source.LastModified, AllowFile: source.Origin == SourceOrigin.Configuration), ct);
        if (fetch.Status == FetchStatus.NotModified)
        {
            return new SourceReadResult(fetch, null, [], 0);
        }

        ParsedFeed feed;
        if (source.Kind == SourceKind.Html)
        {
            feed = await listings.ReadAsync(fetch.FinalUrl, fetch.Body, source.Selectors ?? new HtmlSelectors(), ct);
        }
        else
        {
            feed = feeds.Parse(fetch.Body, fetch.FinalUrl);
        }

        var origin = source.Kind == SourceKind.Html ? ArticleOrigin.Html : ArticleOrigin.Feed;
        var result = feed.Items.Select(i => drafts.FromFeedItem(source, i, origin)).ToList();
        var usable = result.OfType<ArticleDraft>().ToList();
        return new SourceReadResult(fetch, feed, usable, result.Count - usable.Count);
    }
}
