using System.Xml;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Walks an Atom feed: 1.0, 0.3 (tagline, issued, modified, created, mode="escaped" | "base64") and the
/// pre-1.0 namespaces, which share the element names. Relative references follow Atom's rule (xml:base,
/// else the feed's own URL); an entry without an author inherits the feed's, as the spec says.
/// </summary>
internal static class AtomFeedReader
{
    public static ParsedFeed Read(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector(context);
        var feedBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        string? feedAuthor = null;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            var element = XmlWalk.ReadElement(reader);
            var name = element.Name;
            if (FeedNamespaces.Is(name, "entry"))
            {
                var draft = MapEntry(element, feedBase, context);
                draft.Author ??= feedAuthor;
                items.Add(draft);
            }
            else if (FeedNamespaces.Is(name, "title"))
            {
                header.OfferTitle(AtomText.AsHtml(element));
            }
            else if (FeedNamespaces.Is(name, "subtitle") || FeedNamespaces.Is(name, "tagline"))
            {
                header.OfferDescription(AtomText.AsHtml(element));
            }
            else if (FeedNamespaces.Is(name, "link") && AtomLinks.IsAlternate(element))
            {
                header.Link ??= Target(element, feedBase);
            }
            else if (FeedNamespaces.Is(name, "author"))
            {
                feedAuthor ??= AtomLinks.PersonName(element);
            }
            else
            {
                header.TryReadExtension(element);
            }
        });

        return header.ToFeed(FeedFormat.Atom, items.Items, context);
    }

    private static FeedItemDraft MapEntry(XElement entry, Uri feedBase, FeedReadContext context)
    {
        var draft = new FeedItemDraft();
        DateTimeOffset? published = null;
        DateTimeOffset? created = null;

        foreach (var element in entry.Elements())
        {
            if (ItemExtensions.TryRead(element, draft, feedBase, context))
            {
                continue;
            }

            var name = element.Name;
            if (FeedNamespaces.Is(name, "id"))
            {
                draft.Guid ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
            }
            else if (FeedNamespaces.Is(name, "title"))
            {
                draft.TitleHtml ??= AtomText.AsHtml(element);
            }
            else if (FeedNamespaces.Is(name, "link"))
            {
                ReadLink(element, draft, feedBase);
            }
            else if (FeedNamespaces.Is(name, "summary"))
            {
                draft.SummaryHtml ??= AtomText.AsHtml(element);
            }
            else if (FeedNamespaces.Is(name, "content"))
            {
                draft.ContentHtml ??= AtomText.AsHtml(element);
            }
            else if (FeedNamespaces.Is(name, "published") || FeedNamespaces.Is(name, "issued"))
            {
                published ??= context.ParseDate(element.Value);
            }
            else if (FeedNamespaces.Is(name, "created"))
            {
                created ??= context.ParseDate(element.Value);
            }
            else if (FeedNamespaces.Is(name, "updated") || FeedNamespaces.Is(name, "modified"))
            {
                draft.UpdatedAt ??= context.ParseDate(element.Value);
            }
            else if (FeedNamespaces.Is(name, "author"))
            {
                draft.Author ??= AtomLinks.PersonName(element);
            }
            else if (FeedNamespaces.Is(name, "category"))
            {
                draft.AddCategory((string?)element.Attribute("label") ?? (string?)element.Attribute("term"));
            }
        }

        // Atom 1.0 requires only <updated> (0.3 only <modified>); without a publication date it is the best there is.
        draft.PublishedAt = published ?? draft.PublishedAt ?? created ?? draft.UpdatedAt;
        return draft;
    }

    private static void ReadLink(XElement link, FeedItemDraft draft, Uri feedBase)
    {
        var href = Target(link, feedBase);
        if (AtomLinks.IsAlternate(link))
        {
            draft.Link ??= href;
        }
        else if (AtomLinks.IsEnclosure(link))
        {
            ItemExtensions.AddEnclosure(draft, href, (string?)link.Attribute("type"), (string?)link.Attribute("length"));
        }
    }

    /// <summary>The href, or the element's text: the 2003 drafts wrote links as &lt;link&gt;https://...&lt;/link&gt;.</summary>
    private static string? Target(XElement link, Uri feedBase) =>
        FeedReadContext.ResolveLink((string?)link.Attribute("href") ?? link.Value, XmlWalk.BaseOf(link, feedBase));
}
