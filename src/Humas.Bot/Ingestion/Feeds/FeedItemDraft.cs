using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Mutable accumulator for one item while its elements are read in document order. The first value of
/// each field wins; fallbacks (Dublin Core, an Atom link inside RSS, a permalink guid) are kept apart and
/// used only when the format's own element is missing, wherever in the item they appear.
/// </summary>
internal sealed class FeedItemDraft
{
    private readonly List<string> categories = [];
    private readonly List<FeedEnclosure> enclosures = [];

    public string? Guid { get; set; }
    public string? Link { get; set; }
    public string? LinkFallback { get; set; }
    public string? TitleHtml { get; set; }
    public string? TitleFallbackHtml { get; set; }
    public string? SummaryHtml { get; set; }
    public string? SummaryFallbackHtml { get; set; }
    public string? ContentHtml { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? Author { get; set; }
    public string? ImageUrl { get; private set; }

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

    /// <summary>The item as readers will see it: the title is plain text from the one HTML-to-text path.</summary>
    public FeedItem ToItem(FeedReadContext context) => new()
    {
        Guid = Guid,
        Link = Link ?? LinkFallback,
        Title = context.Title(ItemExtensions.NonEmpty(TitleHtml) ?? TitleFallbackHtml) ?? "",
        SummaryHtml = SummaryHtml ?? SummaryFallbackHtml,
        ContentHtml = ContentHtml,
        PublishedAt = PublishedAt,
        UpdatedAt = UpdatedAt,
        ImageUrl = ImageUrl,
        Author = Author,
        Categories = categories.ToArray(),
        Enclosures = enclosures.ToArray(),
    };
}
