using System.Xml;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Walks RSS 2.0 (&lt;rss&gt;&lt;channel&gt;&lt;item&gt;) and RSS 1.0 (&lt;rdf:RDF&gt; with channel and items as siblings).
/// Relative item links resolve against xml:base when present, else the channel's link, else the feed's URL:
/// RSS has no base rule of its own and publishers write links relative to their site.
/// </summary>
internal static class RssFeedReader
{
    public static ParsedFeed ReadRss2(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector();
        var rssBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        var explicitBase = rssBase != baseUri ? rssBase : null;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            if (reader.LocalName != "channel" || reader.NamespaceURI.Length != 0)
            {
                reader.Skip();
                return;
            }

            var channelBase = XmlWalk.ApplyXmlBase(reader, rssBase);
            if (channelBase != rssBase)
            {
                explicitBase = channelBase;
            }

            XmlWalk.ForEachChildElement(reader, () =>
                ReadChannelChild(XmlWalk.ReadElement(reader), XNamespace.None, header, items, explicitBase, channelBase, context));
        });

        return new ParsedFeed(FeedFormat.Rss2, header.Title, header.Link, header.Ttl, items.Items);
    }

    public static ParsedFeed ReadRdf(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector();
        var rdfBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        var explicitBase = rdfBase != baseUri ? rdfBase : null;
        XNamespace ns = FeedNamespaces.Rss1;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            var element = XmlWalk.ReadElement(reader);
            if (element.Name == ns + "channel")
            {
                foreach (var child in element.Elements())
                {
                    ReadChannelChild(child, ns, header, items, explicitBase, rdfBase, context);
                }
            }
            else if (element.Name == ns + "item")
            {
                ReadChannelChild(element, ns, header, items, explicitBase, rdfBase, context);
            }
        });

        return new ParsedFeed(FeedFormat.Rdf, header.Title, header.Link, header.Ttl, items.Items);
    }

    private static void ReadChannelChild(
        XElement element, XNamespace ns, FeedHeader header, FeedItemCollector items, Uri? explicitBase, Uri fallbackBase, FeedReadContext context)
    {
        if (element.Name == ns + "item")
        {
            var itemBase = explicitBase ?? (header.Link is { } link ? new Uri(link) : fallbackBase);
            items.Add(RssItemMapper.Map(element, ns, itemBase, context));
        }
        else if (element.Name == ns + "title")
        {
            header.Title ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
        }
        else if (element.Name == ns + "link")
        {
            header.Link ??= FeedReadContext.ResolveLink(element.Value, XmlWalk.BaseOf(element, fallbackBase));
        }
        else
        {
            header.TryReadUpdateHint(element);
        }
    }
}
