using AngleSharp.Dom;

namespace Humas.Bot.Ingestion.Html;

/// <summary>The article links on a listing page, in page order (listings put the newest first).</summary>
internal static class ListingLinks
{
    public static IReadOnlyList<Uri> Select(IDocument listing, string itemLink, Uri baseUri, int max)
    {
        var links = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in listing.QuerySelectorAll(itemLink))
        {
            // The selector may name the link itself or the card around it.
            var anchor = match.LocalName == "a" && match.HasAttribute("href") ? match : match.QuerySelector("a[href]");
            var url = HtmlDocuments.Resolve(baseUri, anchor?.GetAttribute("href"));
            if (url is null || !seen.Add(url.AbsoluteUri))
            {
                continue;
            }

            links.Add(url);
            if (links.Count >= max)
            {
                break;
            }
        }

        return links;
    }
}
