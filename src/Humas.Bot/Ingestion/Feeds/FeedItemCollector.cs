using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Keeps the items worth passing on: unidentifiable ones (no link, no guid, no title) are dropped, and an
/// item repeated within one feed keeps its first (topmost, usually newest) occurrence so de-duplication
/// downstream sees one row. The identity is the guid, or the link for items that have none.
/// </summary>
internal sealed class FeedItemCollector(FeedReadContext context)
{
    private readonly List<FeedItem> items = [];
    private readonly HashSet<string> identities = new(StringComparer.Ordinal);

    public IReadOnlyList<FeedItem> Items => items;

    public void Add(FeedItemDraft draft)
    {
        var item = draft.ToItem(context);
        if (item.Link is null && item.Guid is null && item.Title.Length == 0)
        {
            return;
        }

        var identity = item.Guid is { } guid ? "guid:" + guid : item.Link is { } link ? "link:" + link : null;
        if (identity is not null && !identities.Add(identity))
        {
            return;
        }

        items.Add(item);
    }
}
