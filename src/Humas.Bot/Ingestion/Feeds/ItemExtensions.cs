using System.Globalization;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Elements from the modules that RSS 1.0, RSS 2.0 and Atom items share in practice: content:encoded,
/// Dublin Core and Media RSS. Returns false for elements it does not know. Dublin Core's title and
/// description are fallbacks: the format's own title and description win wherever they appear.
/// </summary>
internal static class ItemExtensions
{
    public static readonly XName DcTitle = XName.Get("title", FeedNamespaces.DublinCore);
    public static readonly XName DcDescription = XName.Get("description", FeedNamespaces.DublinCore);
    private static readonly XName Encoded = XName.Get("encoded", FeedNamespaces.Content);
    private static readonly XName Creator = XName.Get("creator", FeedNamespaces.DublinCore);
    private static readonly XName DcDate = XName.Get("date", FeedNamespaces.DublinCore);
    private static readonly XName Subject = XName.Get("subject", FeedNamespaces.DublinCore);
    private static readonly XName MediaContent = XName.Get("content", FeedNamespaces.Media);
    private static readonly XName MediaThumbnail = XName.Get("thumbnail", FeedNamespaces.Media);
    private static readonly XName MediaGroup = XName.Get("group", FeedNamespaces.Media);

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp"];

    public static bool TryRead(XElement element, FeedItemDraft draft, Uri outerBase, FeedReadContext context)
    {
        if (element.Name == Encoded)
        {
            draft.ContentHtml ??= NonEmpty(element.Value);
        }
        else if (element.Name == DcTitle)
        {
            draft.TitleFallbackHtml ??= NonEmpty(element.Value);
        }
        else if (element.Name == DcDescription)
        {
            draft.SummaryFallbackHtml ??= NonEmpty(element.Value);
        }
        else if (element.Name == Creator)
        {
            draft.Author ??= NonEmpty(element.Value)?.Trim();
        }
        else if (element.Name == DcDate)
        {
            draft.PublishedAt ??= context.ParseDate(element.Value);
        }
        else if (element.Name == Subject)
        {
            draft.AddCategory(element.Value);
        }
        else if (element.Name == MediaContent || element.Name == MediaThumbnail)
        {
            OfferMediaImage(element, draft, outerBase);
        }
        else if (element.Name == MediaGroup)
        {
            foreach (var child in element.Elements())
            {
                TryRead(child, draft, outerBase, context);
            }
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>An enclosure as RSS and Atom describe it; image enclosures also count as the item's image.</summary>
    public static void AddEnclosure(FeedItemDraft draft, string? url, string? mediaType, string? length)
    {
        if (url is null)
        {
            return;
        }

        var bytes = long.TryParse(length, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (long?)null;
        var type = string.IsNullOrWhiteSpace(mediaType) ? null : mediaType.Trim();
        draft.AddEnclosure(new FeedEnclosure(url, type, bytes));
        if (IsImage(url, type, medium: null))
        {
            draft.OfferImage(url);
        }
    }

    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static void OfferMediaImage(XElement element, FeedItemDraft draft, Uri outerBase)
    {
        var url = FeedReadContext.ResolveLink((string?)element.Attribute("url"), XmlWalk.BaseOf(element, outerBase));
        if (url is null)
        {
            return;
        }

        // A thumbnail is an image by definition; media:content may be video or audio.
        if (element.Name == MediaThumbnail || IsImage(url, (string?)element.Attribute("type"), (string?)element.Attribute("medium")))
        {
            draft.OfferImage(url);
        }
    }

    private static bool IsImage(string url, string? mediaType, string? medium)
    {
        if (!string.IsNullOrWhiteSpace(mediaType) || !string.IsNullOrWhiteSpace(medium))
        {
            return (mediaType?.Trim().StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)
                || string.Equals(medium?.Trim(), "image", StringComparison.OrdinalIgnoreCase);
        }

        var path = new Uri(url).AbsolutePath;
        return ImageExtensions.Any(ext => path.EndsWith(ext, StringComparison.OrdinalIgnoreCase));
    }
}
