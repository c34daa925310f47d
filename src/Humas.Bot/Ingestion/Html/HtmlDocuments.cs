using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Ingestion.Html;

/// <summary>Parsing fetched pages and reading URLs out of them.</summary>
internal static class HtmlDocuments
{
    /// <summary>Parses bytes as served: the parser honours a BOM or a &lt;meta charset&gt;, else UTF-8.</summary>
    /// <exception cref="InvalidDataException">The page nests absurdly deep (hostile or broken).</exception>
    public static IHtmlDocument Parse(byte[] html)
    {
        // Tags are ASCII in every charset these sites use, so a UTF-8 reading is enough to count them.
        if (NestingGuard.IsTooDeep(Encoding.UTF8.GetString(html)))
        {
            throw new InvalidDataException($"the page nests deeper than {NestingGuard.MaxDepth} elements; not parsed");
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var stream = new MemoryStream(html, writable: false);
        return parser.ParseDocument(stream);
    }

    /// <summary>The page's &lt;base href&gt; when it has a usable one, else the URL it was read from.</summary>
    public static Uri BaseUri(IDocument document, Uri pageUrl)
    {
        var href = document.QuerySelector("base[href]")?.GetAttribute("href");
        return href is not null && Uri.TryCreate(pageUrl, href.Trim(), out var resolved) && IsFetchable(resolved, pageUrl)
            ? resolved
            : pageUrl;
    }

    /// <summary>An absolute, fragment-free URL for an href or src, or null for anything that is not a page or file.</summary>
    public static Uri? Resolve(Uri baseUri, string? reference)
    {
        var trimmed = reference?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.StartsWith('#') || trimmed.Length > 4096)
        {
            return null;
        }

        if (!Uri.TryCreate(baseUri, trimmed, out var absolute) || !IsFetchable(absolute, baseUri))
        {
            return null;
        }

        return string.IsNullOrEmpty(absolute.Fragment) ? absolute : new UriBuilder(absolute) { Fragment = "" }.Uri;
    }

    /// <summary>Content of the first &lt;meta&gt; with one of these property or name values.</summary>
    public static string? Meta(IDocument document, params string[] keys)
    {
        foreach (var key in keys)
        {
            foreach (var meta in document.QuerySelectorAll("meta"))
            {
                var name = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
                var content = meta.GetAttribute("content");
                if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(content))
                {
                    return content.Trim();
                }
            }
        }

        return null;
    }

    /// <summary>Fails loudly on a selector AngleSharp cannot read: a typo in configuration, not a page problem.</summary>
    public static void Validate(HtmlSelectors selectors)
    {
        if (string.IsNullOrWhiteSpace(selectors.ItemLink))
        {
            throw new ArgumentException("HtmlSelectors.ItemLink is required for an HTML listing.", nameof(selectors));
        }

        using var probe = new HtmlParser().ParseDocument("<html></html>");
        (string Name, string? Value)[] all =
        [
            (nameof(selectors.ItemLink), selectors.ItemLink), (nameof(selectors.Title), selectors.Title),
            (nameof(selectors.Date), selectors.Date), (nameof(selectors.Body), selectors.Body),
            (nameof(selectors.Image), selectors.Image), (nameof(selectors.Byline), selectors.Byline),
            (nameof(selectors.Remove), selectors.Remove),
        ];
        foreach (var (name, value) in all.Where(s => !string.IsNullOrWhiteSpace(s.Value)))
        {
            try
            {
                probe.QuerySelector(value!);
            }
            catch (DomException e)
            {
                throw new ArgumentException($"HtmlSelectors.{name} is not a valid CSS selector: '{value}'.", nameof(selectors), e);
            }
        }
    }

    /// <summary>http(s) always; file: only from a page that was itself read from a file (local demos and tests).</summary>
    private static bool IsFetchable(Uri url, Uri from) =>
        url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps
        || (url.Scheme == Uri.UriSchemeFile && from.Scheme == Uri.UriSchemeFile);
}
