using System.Xml;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Parses RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) bodies into <see cref="ParsedFeed"/>. Feeds come from sites
/// we do not control, so the reader refuses DTDs (no entity expansion, no external fetches) and bounds the
/// document size; every failure is a <see cref="FeedFormatException"/>.
/// </summary>
public sealed class FeedParser(IOptions<IngestionOptions> options, NewsDateParser dates, TimeProvider time)
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

        var text = FeedTextDecoder.Decode(body);
        var context = new FeedReadContext(dates, time.GetUtcNow());
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings(maxBytes));
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw new FeedFormatException("not a feed: no root element");
            }

            var feed = (reader.LocalName, reader.NamespaceURI) switch
            {
                ("rss", "") => RssFeedReader.ReadRss2(reader, baseUri, context),
                ("feed", FeedNamespaces.Atom) => AtomFeedReader.Read(reader, baseUri, context),
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
            throw XmlFailure.From(exception, text);
        }
    }

    private static XmlReaderSettings Settings(long maxBytes) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = MaxCharactersFromEntities,
        // Every encoding we accept spends at least one byte per character.
        MaxCharactersInDocument = maxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };
}
