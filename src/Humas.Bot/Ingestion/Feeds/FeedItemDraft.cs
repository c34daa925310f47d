using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Mutable accumulator for one item while its elements are read in document order.</summary>
internal sealed class FeedItemDraft
{
    private readonly List<string> categories = [];
    private readonly List<FeedEnclosure> enclosures = [];

    public string? Guid { get; set; }
    public string? Link { get; set; }
    public string? Title { get; set; }
    public string? SummaryHtml { get; set; }
    public string? ContentHtml { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? Author { get; set; }
    public string? ImageUrl { get; private set; }

    /// <summary>Nothing to identify or show: no link, no guid and no title.</summary>
    public bool IsEmpty => Link is null && Guid is null && string.IsNullOrWhiteSpace(Title);

    /// <summary>The first image in document order wins; later ones are usually thumbnails or icons.</summary>
    public void OfferImage(string? url) => ImageUrl ??= url;

    public void AddCategory(string? category)
    {
        var trimmed = category?.Trim();
        if (!string.IsNullOrEmpty(trimmed) && !categories.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            categories.Add(trimmed);
        }
    }

    public void AddEnclosure(FeedEnclosure enclosure) => enclosures.Add(enclosure);

    public FeedItem ToItem() => new()
    {
        Guid = Guid,
        Link = Link,
        Title = Title?.Trim() ?? "",
        SummaryHtml = SummaryHtml,
        ContentHtml = ContentHtml,
        PublishedAt = PublishedAt,
        UpdatedAt = UpdatedAt,
        ImageUrl = ImageUrl,
        Author = Author,
        Categories = categories.ToArray(),
        Enclosures = enclosures.ToArray(),
    };
}
