using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Maps one RSS item of any version. Elements are matched by name in any of the feed namespaces, so RSS
/// in a namespace and the Atom elements some generators put into RSS items (a10:link, a10:updated, as
/// System.ServiceModel.Syndication writes them) are read by the same code.
/// </summary>
internal static class RssItemMapper
{
    public static FeedItemDraft Map(XElement item, Uri outerBase, FeedReadContext context)
    {
        var draft = new FeedItemDraft();
        string? permalinkGuid = null;

        var about = (string?)item.Attribute(XName.Get("about", FeedNamespaces.Rdf));
        draft.Guid = ItemExtensions.NonEmpty(about)?.Trim();

        foreach (var element in item.Elements())
        {
            if (ItemExtensions.TryRead(element, draft, outerBase, context))
            {
                continue;
            }

            var name = element.Name;
            if (FeedNamespaces.Is(name, "title"))
            {
                draft.TitleHtml ??= ItemExtensions.NonEmpty(element.Value);
            }
            else if (FeedNamespaces.Is(name, "link"))
            {
                ReadLink(element, draft, outerBase);
            }
            else if (FeedNamespaces.Is(name, "description"))
            {
                draft.SummaryHtml ??= ItemExtensions.NonEmpty(element.Value);
            }
            else if (FeedNamespaces.Is(name, "guid"))
            {
                draft.Guid ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
                // isPermaLink defaults to true in RSS 2.0.
                if (!string.Equals(((string?)element.Attribute("isPermaLink"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                {
                    permalinkGuid ??= FeedReadContext.ResolveLink(element.Value, XmlWalk.BaseOf(element, outerBase));
                }
            }
            else if (FeedNamespaces.Is(name, "pubDate"))
            {
                draft.PublishedAt = context.ParseDate(element.Value) ?? draft.PublishedAt;
            }
            else if (FeedNamespaces.Is(name, "published"))
            {
                draft.PublishedAt ??= context.ParseDate(element.Value);
            }
            else if (FeedNamespaces.Is(name, "updated"))
            {
                draft.UpdatedAt ??= context.ParseDate(element.Value);
            }
            else if (FeedNamespaces.Is(name, "author"))
            {
                draft.Author ??= AtomLinks.PersonName(element);
            }
            else if (FeedNamespaces.Is(name, "category"))
            {
                draft.AddCategory(element.HasAttributes && element.Value.Length == 0 ? (string?)element.Attribute("term") : element.Value);
            }
            else if (FeedNamespaces.Is(name, "enclosure"))
            {
                var url = FeedReadContext.ResolveLink((string?)element.Attribute("url"), XmlWalk.BaseOf(element, outerBase));
                ItemExtensions.AddEnclosure(draft, url, (string?)element.Attribute("type"), (string?)element.Attribute("length"));
            }
        }

        // Without a pubDate, an Atom <updated> is the only date the item has.
        draft.PublishedAt ??= draft.UpdatedAt;
        draft.LinkFallback ??= permalinkGuid;
        return draft;
    }

    private static void ReadLink(XElement link, FeedItemDraft draft, Uri outerBase)
    {
        var linkBase = XmlWalk.BaseOf(link, outerBase);
        if (link.Attribute("href") is not { } href)
        {
            draft.Link ??= FeedReadContext.ResolveLink(link.Value, linkBase);
        }
        else if (AtomLinks.IsAlternate(link))
        {
            // An Atom link inside RSS: used only when the item has no RSS <link>.
            draft.LinkFallback ??= FeedReadContext.ResolveLink(href.Value, linkBase);
        }
        else if (AtomLinks.IsEnclosure(link))
        {
            ItemExtensions.AddEnclosure(draft, FeedReadContext.ResolveLink(href.Value, linkBase), (string?)link.Attribute("type"), (string?)link.Attribute("length"));
        }
    }
}
