using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Namespace URIs matched by the feed readers (kept in one place so spellings agree).</summary>
internal static class FeedNamespaces
{
    public const string Atom = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rss1 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string Syndication = "http://purl.org/rss/1.0/modules/syndication/";
    public const string Media = "http://search.yahoo.com/mrss/";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>
    /// The namespaces RSS and Atom elements have been published in over the years: none, the RSS 2.0
    /// namespaces of UserLand and Harvard, RSS 1.0 and 0.90, Atom 1.0, Atom 0.3 (and the IETF drafts that
    /// appended "draft-ietf-atompub-format-NN" to it), and Atom's 2003 ancestors (Pie, Echo, Necho).
    /// Feeds in any of them use the same element names, so the readers match on these as one vocabulary.
    /// </summary>
    private static readonly HashSet<string> FeedVocabulary = new(StringComparer.Ordinal)
    {
        "",
        "http://backend.userland.com/rss",
        "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss",
        Rss1,
        Rss090,
        "http://purl.org/rss/1.0/modules/rss091#",
        Atom,
        Atom03,
        "http://purl.org/pie/",
        "http://purl.org/echo/",
        "http://example.com/necho",
        "http://example.com/newformat#",
        "uri/of/echo/namespace#",
    };

    public static bool IsFeedVocabulary(string namespaceUri) =>
        FeedVocabulary.Contains(namespaceUri) || namespaceUri.StartsWith(Atom03, StringComparison.Ordinal);

    /// <summary>An RSS or Atom element of this local name, in whichever of the feed namespaces it was published.</summary>
    public static bool Is(XName name, string localName) =>
        name.LocalName == localName && IsFeedVocabulary(name.NamespaceName);
}
