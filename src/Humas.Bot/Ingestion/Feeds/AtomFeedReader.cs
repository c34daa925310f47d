using System.Xml;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Walks an Atom 1.0 feed. Relative references follow Atom's rule (xml:base, else the feed's own URL);
/// an entry without an author inherits the feed's, as the spec says.
/// </summary>
internal static class AtomFeedReader
{
    private static readonly XNamespace Atom = FeedNamespaces.Atom;

    public static ParsedFeed Read(XmlReader reader, Uri baseUri, FeedReadContext context)
    {
        var header = new FeedHeader();
        var items = new FeedItemCollector();
        var feedBase = XmlWalk.ApplyXmlBase(reader, baseUri);
        string? feedAuthor = null;

        XmlWalk.ForEachChildElement(reader, () =>
        {
            var element = XmlWalk.ReadElement(reader);
            if (element.Name == Atom + "entry")
            {
                var draft = MapEntry(element, feedBase, context);
                draft.Author ??= feedAuthor;
                items.Add(draft);
            }
            else if (element.Name == Atom + "title")
            {
                header.Title ??= AtomText.AsPlainText(element);
            }
            else if (element.Name == Atom + "link" && IsAlternate(element))
            {
                header.Link ??= FeedReadContext.ResolveLink((string?)element.Attribute("href"), XmlWalk.BaseOf(element, feedBase));
            }
            else if (element.Name == Atom + "author")
            {
                feedAuthor ??= AuthorName(element);
            }
            else
            {
                header.TryReadUpdateHint(element);
            }
        });

        return new ParsedFeed(FeedFormat.Atom, header.Title, header.Link, header.Ttl, items.Items);
    }

    private static FeedItemDraft MapEntry(XElement entry, Uri feedBase, FeedReadContext context)
    {
        var draft = new FeedItemDraft();
        DateTimeOffset? published = null;

        foreach (var element in entry.Elements())
        {
            if (ItemExtensions.TryRead(element, draft, feedBase, context))
            {
                continue;
            }

            var name = element.Name;
            if (name == Atom + "id")
            {
                draft.Guid ??= ItemExtensions.NonEmpty(element.Value)?.Trim();
            }
            else if (name == Atom + "title")
            {
                draft.Title ??= AtomText.AsPlainText(element);
            }
            else if (name == Atom + "link")
            {
                ReadLink(element, draft, feedBase);
            }
            else if (name == Atom + "summary")
            {
                draft.SummaryHtml ??= AtomText.AsHtml(element);
            }
            else if (name == Atom + "content")
            {
                draft.ContentHtml ??= AtomText.AsHtml(element);
            }
            else if (name == Atom + "published")
            {
                published ??= context.ParseDate(element.Value);
            }
            else if (name == Atom + "updated")
            {
                draft.UpdatedAt ??= context.ParseDate(element.Value);
            }
            else if (name == Atom + "author")
            {
                draft.Author ??= AuthorName(element);
            }
            else if (name == Atom + "category")
            {
                draft.AddCategory((string?)element.Attribute("label") ?? (string?)element.Attribute("term"));
            }
        }

        // Atom requires only <updated>; without <published> it is the best publication date there is.
        draft.PublishedAt = published ?? draft.PublishedAt ?? draft.UpdatedAt;
        return draft;
    }

    private static void ReadLink(XElement link, FeedItemDraft draft, Uri feedBase)
    {
        var href = FeedReadContext.ResolveLink((string?)link.Attribute("href"), XmlWalk.BaseOf(link, feedBase));
        if (IsAlternate(link))
        {
            draft.Link ??= href;
        }
        else if ((string?)link.Attribute("rel") == "enclosure")
        {
            ItemExtensions.AddEnclosure(draft, href, (string?)link.Attribute("type"), (string?)link.Attribute("length"));
        }
    }

    private static bool IsAlternate(XElement link) =>
        ((string?)link.Attribute("rel"))?.Trim() is null or "" or "alternate";

    private static string? AuthorName(XElement author) =>
        ItemExtensions.NonEmpty(author.Element(Atom + "name")?.Value)?.Trim();
}
