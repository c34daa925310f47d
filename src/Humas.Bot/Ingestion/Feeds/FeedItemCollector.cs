using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Keeps the items worth passing on: unidentifiable ones are dropped, and a guid repeated within one
/// feed keeps its first (topmost, usually newest) occurrence so de-duplication downstream sees one row.
/// </summary>
internal sealed class FeedItemCollector
{
    private readonly List<FeedItem> items = [];
    private readonly HashSet<string> guids = new(StringComparer.Ordinal);

    public IReadOnlyList<FeedItem> Items => items;

    public void Add(FeedItemDraft draft)
    {
        if (draft.IsEmpty || (draft.Guid is { } guid && !guids.Add(guid)))
        {
            return;
        }

        items.Add(draft.ToItem());
    }
}
