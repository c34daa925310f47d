using System.Xml;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Parses RSS (0.90, 0.91, 0.92, 1.0, 2.0, namespaced or not) and Atom (1.0, 0.3 and its ancestors) bodies
/// into <see cref="ParsedFeed"/>. Feeds come from sites we do not control, so the reader never reads a DTD
/// (no entity expansion, no external fetches) and bounds the document size; every failure is a
/// <see cref="FeedFormatException"/>.
/// </summary>
public sealed class FeedParser(IOptions<IngestionOptions> options, NewsDateParser dates, ArticleText text, TimeProvider time)
{
    /// <summary>Only the predefined and character entities remain once DTDs are refused; this is headroom, not a feature.</summary>
    private const long MaxCharactersFromEntities = 1024;

    /// <param name="body">The raw bytes as fetched; the encoding is worked out here (see <see cref="FeedTextDecoder"/>).</param>
    /// <param name="baseUri">The URL the body was read from, for relative links.</param>
    /// <exception cref="FeedFormatException">The body is too large, not XML, or not a feed.</exception>
    public ParsedFeed Parse(byte[] body, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(baseUri);

        var maxBytes = options.Value.MaxBytes;
        if (body.Length > maxBytes)
        {
            throw new FeedFormatException($"feed is larger than the {ByteSize.Format(maxBytes)} cap");
        }

        if (body.Length == 0)
        {
            throw new FeedFormatException("not a feed: the body is empty");
        }

        var decoded = FeedTextDecoder.Decode(body);
        var doctype = XmlProlog.FindDoctype(decoded);
        if (doctype is { HasInternalSubset: true })
        {
            // Declarations inside the document are how entity expansion and external entities attack;
            // no real feed needs them. This is decided before the parser sees a byte.
            throw doctype.Name.Equals("html", StringComparison.OrdinalIgnoreCase) ? XmlFailure.NotAFeedHtml() : XmlFailure.DtdsNotAllowed();
        }

        var xml = HtmlEntityReferences.Rewrite(decoded);
        var context = new FeedReadContext(dates, text, time.GetUtcNow());
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings(maxBytes, doctype is not null));
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw new FeedFormatException("not a feed: no root element");
            }

            var isFeedNamespace = FeedNamespaces.IsFeedVocabulary(reader.NamespaceURI);
            var feed = (reader.LocalName, reader.NamespaceURI) switch
            {
                ("rss", _) when isFeedNamespace => RssFeedReader.ReadRss(reader, baseUri, context),
                ("feed", _) when isFeedNamespace => AtomFeedReader.Read(reader, baseUri, context),
                ("RDF", FeedNamespaces.Rdf) => RssFeedReader.ReadRdf(reader, baseUri, context),
                _ => throw new FeedFormatException($"not a feed: root element <{reader.Name}>"),
            };

            // Read to the end so a truncated or corrupted tail is reported rather than silently dropped.
            while (reader.Read())
            {
            }

            return feed;
        }
        catch (XmlException exception)
        {
            throw XmlFailure.From(exception, doctype);
        }
    }

    /// <param name="hasExternalDoctype">
    /// A DOCTYPE that only names an external DTD (RSS 0.91's Netscape one) is skipped unread: its HTML
    /// entities are handled by <see cref="HtmlEntityReferences"/>, and nothing is ever fetched.
    /// </param>
    private static XmlReaderSettings Settings(long maxBytes, bool hasExternalDoctype) => new()
    {
        DtdProcessing = hasExternalDoctype ? DtdProcessing.Ignore : DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = MaxCharactersFromEntities,
        // Every encoding we accept spends at least one byte per character; numeric references written for
        // HTML entities can make the text longer than the body, never twice as long.
        MaxCharactersInDocument = 2 * maxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };
}
