using System.Xml;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Walks RSS 0.91/0.92/2.0 (&lt;rss&gt;&lt;channel&gt;&lt;item&gt;, in no namespace or in one of the RSS
/// namespaces) and RSS 0.90/1.0 (&lt;rdf:RDF&gt; with channel and items as siblings). Items written after
/// &lt;/channel&gt;, directly under &lt;rss&gt;, are read too. Relative item links resolve against xml:base
/// when present, else the channel's link, else the feed's URL: RSS has no base rule of its own and
/// publishers write links relative to their site.
/// </summary>
internal static class RssFeedReader
{
    public static ParsedFeed ReadRss(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector(context);
        var rssBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        var rssExplicitBase = rssBase != baseUri ? rssBase : null;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            if (IsFeedElement(reader, "channel"))
            {
                var channelBase = XmlWalk.ApplyXmlBase(reader, rssBase);
                var explicitBase = channelBase != rssBase ? channelBase : rssExplicitBase;
                XmlWalk.ForEachChildElement(reader, () =>
                    ReadChannelChild(XmlWalk.ReadElement(reader), header, items, explicitBase, channelBase, context));
            }
            else if (IsFeedElement(reader, "item"))
            {
                ReadChannelChild(XmlWalk.ReadElement(reader), header, items, rssExplicitBase, rssBase, context);
            }
            else
            {
                reader.Skip();
            }
        });

        return header.ToFeed(FeedFormat.Rss2, items.Items, context);
    }

    public static ParsedFeed ReadRdf(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector(context);
        var rdfBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        var explicitBase = rdfBase != baseUri ? rdfBase : null;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            var element = XmlWalk.ReadElement(reader);
            if (FeedNamespaces.Is(element.Name, "channel"))
            {
                foreach (var child in element.Elements())
                {
                    ReadChannelChild(child, header, items, explicitBase, rdfBase, context);
                }
            }
            else if (FeedNamespaces.Is(element.Name, "item"))
            {
                ReadChannelChild(element, header, items, explicitBase, rdfBase, context);
            }
        });

        return header.ToFeed(FeedFormat.Rdf, items.Items, context);
    }

    private static bool IsFeedElement(XmlReader reader, string localName) =>
        reader.LocalName == localName && FeedNamespaces.IsFeedVocabulary(reader.NamespaceURI);

    private static void ReadChannelChild(
        XElement element, FeedHeader header, FeedItemCollector items, Uri? explicitBase, Uri fallbackBase, FeedReadContext context)
    {
        var name = element.Name;
        if (FeedNamespaces.Is(name, "item"))
        {
            var itemBase = explicitBase ?? (header.Link is { } link ? new Uri(link) : fallbackBase);
            items.Add(RssItemMapper.Map(element, itemBase, context));
        }
        else if (FeedNamespaces.Is(name, "title"))
        {
            header.OfferTitle(element.Value);
        }
        else if (FeedNamespaces.Is(name, "link"))
        {
            // <atom:link rel="self"> sits beside the channel link in most WordPress feeds; only an alternate counts.
            if (element.Attribute("href") is not { } href)
            {
                header.Link ??= FeedReadContext.ResolveLink(element.Value, XmlWalk.BaseOf(element, fallbackBase));
            }
            else if (AtomLinks.IsAlternate(element))
            {
                header.Link ??= FeedReadContext.ResolveLink(href.Value, XmlWalk.BaseOf(element, fallbackBase));
            }
        }
        else if (FeedNamespaces.Is(name, "description"))
        {
            header.OfferDescription(element.Value);
        }
        else
        {
            header.TryReadExtension(element);
        }
    }
}
