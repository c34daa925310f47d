using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Maps one RSS item. RSS 2.0 (no namespace) and RSS 1.0 (its own namespace, rdf:about as identity)
/// share the element names, so one mapper serves both with the namespace as a parameter.
/// </summary>
internal static class RssItemMapper
{
    public static FeedItemDraft Map(XElement item, XNamespace ns, Uri outerBase, FeedReadContext context)
    {
        var draft = new FeedItemDraft();
        var itemBase = XmlWalk.BaseOf(item, outerBase);
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
            if (name == ns + "title")
            {
                draft.Title ??= element.Value;
            }
            else if (name == ns + "link")
            {
                draft.Link ??= FeedReadContext.ResolveLink(element.Value, XmlWalk.BaseOf(element, outerBase));
            }
            else if (name == ns + "description")
            {
                draft.SummaryHtml ??= ItemExtensions.NonEmpty(element.Value);
            }
            else if (name == "guid")
            {
                draft.Guid ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
                // isPermaLink defaults to true in RSS 2.0.
                if (!string.Equals(((string?)element.Attribute("isPermaLink"))?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                {
                    permalinkGuid ??= FeedReadContext.ResolveLink(element.Value, itemBase);
                }
            }
            else if (name == "pubDate")
            {
                draft.PublishedAt = context.ParseDate(element.Value) ?? draft.PublishedAt;
            }
            else if (name == "author")
            {
                draft.Author ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
            }
            else if (name == "category")
            {
                draft.AddCategory(element.Value);
            }
            else if (name == "enclosure")
            {
                var url = FeedReadContext.ResolveLink((string?)element.Attribute("url"), XmlWalk.BaseOf(element, outerBase));
                ItemExtensions.AddEnclosure(draft, url, (string?)element.Attribute("type"), (string?)element.Attribute("length"));
            }
        }

        draft.Link ??= permalinkGuid;
        return draft;
    }
}
