using Humas.Bot.Ingestion.Model;
namespace Humas.Bot.Ingestion.Html;
/// <summary>STUB replaced by the html branch.</summary>
public sealed class HtmlListingReader(Humas.Bot.Ingestion.Fetching.ISourceFetcher fetcher, Microsoft.Extensions.Options.IOptions<IngestionOptions> options, Humas.Bot.Ingestion.Text.NewsDateParser dates, TimeProvider time, ILogger<HtmlListingReader> log)
{
    public Task<ParsedFeed> ReadAsync(Uri listUrl, byte[] listHtml, HtmlSelectors selectors, CancellationToken ct) => throw new NotSupportedException($"{fetcher}{options}{dates}{time}{log}{listUrl}{listHtml}{selectors}{ct}");
}
